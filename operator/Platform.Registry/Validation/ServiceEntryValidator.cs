using FluentValidation;
using FluentValidation.Results;
using Platform.Crds.Istio;
using Platform.Registry.Addresses;
using Platform.Registry.Hosts;
using Platform.Registry.Labels;
using Platform.Registry.Protocols;
using Platform.Registry.Visibility;

namespace Platform.Registry.Validation;

/// <summary>
/// Istio's complete ServiceEntry rule set (istiod's <c>ValidateServiceEntry</c>), in Istio's order and with Istio's
/// messages. Errors are failures with <see cref="Severity.Error"/>; warnings have <see cref="Severity.Warning"/>.
/// Immutable and thread-safe: one instance serves the webhook and the reconciler.
/// </summary>
public sealed class ServiceEntryValidator : AbstractValidator<ServiceEntry>
{
    /// <summary>
    /// Root context key for the namespace the entry lives in (admission passes the request namespace, which the
    /// object may lack on create). Without it, <c>metadata.namespace</c> is used.
    /// </summary>
    public const string NamespaceKey = "namespace";

    private readonly ServiceEntryValidationOptions options;

    /// <summary>Creates a validator with <see cref="ServiceEntryValidationOptions.Default"/>.</summary>
    public ServiceEntryValidator()
        : this(ServiceEntryValidationOptions.Default)
    {
    }

    /// <summary>Creates a validator with the given mesh settings.</summary>
    public ServiceEntryValidator(ServiceEntryValidationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.options = options;

        RuleFor(entry => entry.Spec).Custom((spec, context) =>
        {
            if (spec is null)
            {
                Fail(context, "spec", "spec is required");
            }
        });

        When(entry => entry.Spec is not null, () =>
        {
            // Istio returns at once when the selector is malformed; nothing else is reported.
            RuleFor(entry => entry.Spec).Custom(ValidateSelectorLabels);
            When(entry => !HasSelectorErrors(entry.Spec.WorkloadSelector), () =>
            {
                RuleFor(entry => entry.Spec).Custom(WarnOnEmptySelector);
                RuleFor(entry => entry.Spec).Custom(ValidateSelectorOrEndpoints);
                RuleFor(entry => entry.Spec).Custom(ValidateHosts);
                RuleFor(entry => entry.Spec).Custom(ValidateAddresses);
                RuleFor(entry => entry.Spec).Custom(ValidatePorts);
                RuleFor(entry => entry.Spec).Custom(ValidateResolution);
                RuleFor(entry => entry.Spec).Custom(ValidateMultipleHosts);
                RuleFor(entry => entry.Spec).Custom(ValidateExportTo);
            });
        });
    }

    /// <summary>Validates <paramref name="entry"/> and splits the outcome into errors and warnings.</summary>
    /// <param name="entry">The entry (any served version).</param>
    /// <param name="namespace">The namespace it lives in; defaults to <c>metadata.namespace</c>.</param>
    public ServiceEntryValidation Evaluate(ServiceEntry entry, string? @namespace = null)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var context = new ValidationContext<ServiceEntry>(entry);
        if (@namespace is not null)
        {
            context.RootContextData[NamespaceKey] = @namespace;
        }

        return ServiceEntryValidation.From(Validate(context));
    }

    // Rule 1: selector labels. Keys may not be empty; neither keys nor values may hold '*'.
    private static void ValidateSelectorLabels(ServiceEntrySpec spec, ValidationContext<ServiceEntry> context)
    {
        foreach (var message in SelectorErrors(spec.WorkloadSelector))
        {
            Fail(context, "spec.workloadSelector.labels", message);
        }
    }

    private static bool HasSelectorErrors(WorkloadSelector? selector) => SelectorErrors(selector).Any();

    private static IEnumerable<string> SelectorErrors(WorkloadSelector? selector)
    {
        if (selector?.Labels is null)
        {
            yield break;
        }

        foreach (var (key, rawValue) in selector.Labels)
        {
            var value = rawValue ?? "";
            var pair = GoText.Quote($"{key}={value}");
            if (key.Length == 0)
            {
                yield return $"empty key is not supported in selector: {pair}";
            }

            if (key.Contains('*', StringComparison.Ordinal) || value.Contains('*', StringComparison.Ordinal))
            {
                yield return $"wildcard is not supported in selector: {pair}";
            }
        }
    }

    private static void WarnOnEmptySelector(ServiceEntrySpec spec, ValidationContext<ServiceEntry> context)
    {
        if (spec.WorkloadSelector is not null && spec.WorkloadSelector.Labels is not { Count: > 0 })
        {
            Warn(context, "spec.workloadSelector", "service entry: workload selector specified without labels, will be applied to all services in namespace");
        }
    }

    // Rule 2: as in Go, an explicit empty endpoints list counts as set.
    private static void ValidateSelectorOrEndpoints(ServiceEntrySpec spec, ValidationContext<ServiceEntry> context)
    {
        if (spec.WorkloadSelector is not null && spec.Endpoints is not null)
        {
            Fail(context, "spec", "only one of WorkloadSelector or Endpoints is allowed in Service Entry");
        }
    }

    // Rules 3-4: at least one host; each host a (wildcard) domain, never '*'; partial wildcards only warn.
    private static void ValidateHosts(ServiceEntrySpec spec, ValidationContext<ServiceEntry> context)
    {
        var hosts = spec.Hosts ?? [];
        if (hosts.Count == 0)
        {
            Fail(context, "spec.hosts", "service entry must have at least one host");
        }

        var dynamicDns = Resolution(spec) == ServiceEntryResolution.DynamicDns;
        for (var i = 0; i < hosts.Count; i++)
        {
            var host = hosts[i] ?? "";
            var path = $"spec.hosts[{i}]";
            if (host == "*")
            {
                Fail(context, path, "invalid host *");
                continue;
            }

            if (DomainNameRules.ValidateWildcardDomain(host) is { } error)
            {
                Fail(context, path, error);
            }

            if (!dynamicDns && DomainNameRules.PartialWildcardWarning(host) is { } warning)
            {
                Warn(context, path, warning);
            }
        }
    }

    // Rule 5: each address an IP or a CIDR block; CIDR blocks only where no DNS resolution happens.
    private static void ValidateAddresses(ServiceEntrySpec spec, ValidationContext<ServiceEntry> context)
    {
        var addresses = spec.Addresses ?? [];
        var cidrFound = false;
        for (var i = 0; i < addresses.Count; i++)
        {
            var address = addresses[i] ?? "";
            cidrFound |= address.Contains('/', StringComparison.Ordinal);
            if (IPAddressText.ValidateSubnet(address) is { } error)
            {
                Fail(context, $"spec.addresses[{i}]", error);
            }
        }

        var resolution = Resolution(spec);
        if (cidrFound && resolution != ServiceEntryResolution.None && resolution != ServiceEntryResolution.Static)
        {
            Fail(context, "spec.addresses", "CIDR addresses are allowed only for NONE/STATIC resolution types");
        }
    }

    // Rules 6-7: unique names and numbers, DNS-1123 names, known protocols, numbers in range; TCP without a VIP warns.
    private void ValidatePorts(ServiceEntrySpec spec, ValidationContext<ServiceEntry> context)
    {
        var ports = spec.Ports ?? [];
        var autoAllocation = VipAutoAllocation.Applies(context.InstanceToValidate, options.IpAutoAllocation);
        var hasAddresses = spec.Addresses is { Count: > 0 };
        var names = new HashSet<string>(StringComparer.Ordinal);
        var numbers = new HashSet<uint>();
        for (var i = 0; i < ports.Count; i++)
        {
            var port = ports[i];
            var path = $"spec.ports[{i}]";
            if (port is null)
            {
                Fail(context, path, "service entry port may not be null");
                continue;
            }

            var name = port.Name ?? "";
            if (!names.Add(name))
            {
                Fail(context, $"{path}.name", $"service entry port name {GoText.Quote(name)} already defined");
            }

            if (!numbers.Add(port.Number))
            {
                Fail(context, $"{path}.number", $"service entry port {port.Number} already defined");
            }

            if (port.TargetPort is { } targetPort and not 0)
            {
                if (PortRangeError(targetPort) is { } targetError)
                {
                    Fail(context, $"{path}.targetPort", targetError);
                }

                if (Resolution(spec) == ServiceEntryResolution.None && !options.PassthroughTargetPort)
                {
                    Warn(context, $"{path}.targetPort", "targetPort has no effect when resolution mode is NONE");
                }
            }

            // Istio compares the raw protocol here, so "tcp" in lower case does not warn.
            if (!hasAddresses && !autoAllocation && (string.IsNullOrEmpty(port.Protocol) || port.Protocol == "TCP"))
            {
                Warn(context, path, "addresses are required for ports serving TCP (or unset) protocol when IP Autoallocation is not enabled");
            }

            if (PortNameError(name) is { } nameError)
            {
                Fail(context, $"{path}.name", nameError);
            }

            if (!string.IsNullOrEmpty(port.Protocol) && PortProtocolTable.Parse(port.Protocol) == PortProtocol.Unsupported)
            {
                Fail(context, $"{path}.protocol", $"unsupported protocol: {port.Protocol}");
            }

            if (PortRangeError(port.Number) is { } numberError)
            {
                Fail(context, $"{path}.number", numberError);
            }
        }
    }

    // Rule 8: what each resolution mode allows.
    private static void ValidateResolution(ServiceEntrySpec spec, ValidationContext<ServiceEntry> context)
    {
        var resolution = Resolution(spec);
        switch (resolution)
        {
            case ServiceEntryResolution.None:
                if (spec.Endpoints is { Count: > 0 })
                {
                    Fail(context, "spec.endpoints", "no endpoints should be provided for resolution type none");
                }

                if (spec.WorkloadSelector is not null)
                {
                    Warn(context, "spec.workloadSelector", "workloadSelector should not be set when resolution mode is NONE");
                }

                break;
            case ServiceEntryResolution.Static:
                ValidateStaticEndpoints(spec, context);
                break;
            case ServiceEntryResolution.Dns:
            case ServiceEntryResolution.DnsRoundRobin:
                ValidateDnsResolution(spec, resolution, context);
                break;
            case ServiceEntryResolution.DynamicDns:
                ValidateDynamicDns(spec, context);
                break;
            default:
                Fail(context, "spec.resolution", $"unsupported resolution type {resolution}");
                break;
        }
    }

    private static void ValidateStaticEndpoints(ServiceEntrySpec spec, ValidationContext<ServiceEntry> context)
    {
        var endpoints = spec.Endpoints ?? [];
        var servicePorts = DeclaredPortNames(spec);
        for (var i = 0; i < endpoints.Count; i++)
        {
            var path = $"spec.endpoints[{i}]";
            if (endpoints[i] is not { } endpoint)
            {
                Fail(context, path, "endpoint cannot be nil");
                continue;
            }

            ValidateStaticEndpoint(endpoint, servicePorts, path, context);
        }
    }

    // Istio's validateWorkloadEntry with FQDN addresses disallowed.
    private static void ValidateStaticEndpoint(WorkloadEntrySpec endpoint, HashSet<string> servicePorts, string path, ValidationContext<ServiceEntry> context)
    {
        var address = endpoint.Address ?? "";
        if (address.Length == 0)
        {
            if (string.IsNullOrEmpty(endpoint.Network))
            {
                Fail(context, $"{path}.address", "address is required");
                return;
            }

            Warn(context, $"{path}.address", $"address is unset with network {GoText.Quote(endpoint.Network)}");
        }

        var unix = UnixSocketAddress.IsUnix(address);
        if (unix)
        {
            if (UnixSocketAddress.ValidatePath(address[UnixSocketAddress.Prefix.Length..]) is { } unixError)
            {
                Fail(context, $"{path}.address", unixError);
            }

            if (endpoint.Ports is { Count: > 0 })
            {
                Fail(context, $"{path}.ports", $"unix endpoint {address} must not include ports");
            }
        }
        else if (address.Length > 0 && !IPAddressText.IsAddress(address))
        {
            Fail(context, $"{path}.address", $"endpoint address {GoText.Quote(address)} is not a valid IP address");
        }

        ValidateEndpointPorts(endpoint, servicePorts, path, context);
        ValidateEndpointLabels(endpoint, path, context);
        if (unix && servicePorts.Count != 1)
        {
            Fail(context, path, "exactly 1 service port required for unix endpoints");
        }
    }

    private static void ValidateDnsResolution(ServiceEntrySpec spec, string resolution, ValidationContext<ServiceEntry> context)
    {
        var endpoints = spec.Endpoints ?? [];
        if (endpoints.Count == 0)
        {
            // Istio reports the first host that is not an FQDN; its message promises prefix wildcards it rejects.
            foreach (var host in spec.Hosts ?? [])
            {
                if (DomainNameRules.ValidateFqdn(host) is { } error)
                {
                    Fail(context, "spec.hosts", $"hosts must be FQDN or contain only prefix wildcards if no endpoints are provided for resolution mode {resolution}, {error}");
                    break;
                }
            }
        }

        if (resolution == ServiceEntryResolution.DnsRoundRobin && endpoints.Count > 1)
        {
            Fail(context, "spec.endpoints", $"there must only be 0 or 1 endpoint for resolution mode {resolution}");
        }

        var servicePorts = DeclaredPortNames(spec);
        for (var i = 0; i < endpoints.Count; i++)
        {
            var path = $"spec.endpoints[{i}]";
            if (endpoints[i] is not { } endpoint)
            {
                Fail(context, path, "endpoint cannot be nil");
                continue;
            }

            var address = endpoint.Address ?? "";
            if (!IPAddressText.IsAddress(address) && DomainNameRules.ValidateFqdn(address) is not null)
            {
                Fail(context, $"{path}.address", $"endpoint address {GoText.Quote(address)} is not a valid FQDN or an IP address");
            }

            ValidateEndpointLabels(endpoint, path, context);
            ValidateEndpointPorts(endpoint, servicePorts, path, context);
        }

        if (spec.Addresses is { Count: > 0 })
        {
            // One listener per address and TCP port: with several hosts it cannot tell them apart.
            foreach (var port in spec.Ports ?? [])
            {
                if (port is null)
                {
                    Fail(context, "spec.ports", "ports cannot be nil");
                    continue;
                }

                if (PortProtocolTable.IsTcp(PortProtocolTable.Parse(port.Protocol)))
                {
                    if ((spec.Hosts?.Count ?? 0) > 1)
                    {
                        Warn(context, "spec.hosts", "service entry can not have more than one host specified simultaneously with address and tcp port");
                    }

                    break;
                }
            }
        }
    }

    // DYNAMIC_DNS resolves the requested name at request time, so it needs wildcard hosts and a name in the request.
    private static void ValidateDynamicDns(ServiceEntrySpec spec, ValidationContext<ServiceEntry> context)
    {
        var hosts = spec.Hosts ?? [];
        if (hosts.Count == 0)
        {
            Fail(context, "spec.hosts", "at least one wildcard host must be provided for resolution mode DYNAMIC_DNS");
        }

        for (var i = 0; i < hosts.Count; i++)
        {
            var host = hosts[i] ?? "";
            if (!host.StartsWith('*'))
            {
                Fail(context, $"spec.hosts[{i}]", $"host {GoText.Quote(host)} must be wildcarded for resolution mode DYNAMIC_DNS");
            }
        }

        if (spec.Addresses is { Count: > 0 })
        {
            Fail(context, "spec.addresses", "addresses cannot be set for resolution mode DYNAMIC_DNS");
        }

        if (spec.Endpoints is { Count: > 0 })
        {
            Fail(context, "spec.endpoints", "endpoints cannot be set for resolution mode DYNAMIC_DNS");
        }

        var ports = spec.Ports ?? [];
        for (var i = 0; i < ports.Count; i++)
        {
            if (ports[i] is { } port && !PortProtocolTable.IsDynamicDnsCapable(PortProtocolTable.Parse(port.Protocol)))
            {
                Fail(context, $"spec.ports[{i}].protocol", $"only HTTP, TLS, GRPC, and HTTP2 protocols are supported for resolution mode DYNAMIC_DNS (port {GoText.Quote(port.Name)} has protocol {GoText.Quote(port.Protocol)})");
            }
        }

        var labels = context.InstanceToValidate.Metadata?.Labels;
        if (spec.Location == ServiceEntryLocation.MeshInternal
            && labels is not null
            && labels.TryGetValue(IstioMetadata.UseWaypointLabel, out var waypoint)
            && !string.IsNullOrEmpty(waypoint)
            && waypoint != "none")
        {
            Fail(context, "metadata.labels", $"resolution mode DYNAMIC_DNS with location MESH_INTERNAL cannot use a waypoint (label {IstioMetadata.UseWaypointLabel}={waypoint})");
        }
    }

    // Rule 9: several hosts can only share a port when the request names its host (HTTP Host or TLS SNI).
    private static void ValidateMultipleHosts(ServiceEntrySpec spec, ValidationContext<ServiceEntry> context)
    {
        if (Resolution(spec) == ServiceEntryResolution.None || (spec.Hosts?.Count ?? 0) <= 1)
        {
            return;
        }

        foreach (var port in spec.Ports ?? [])
        {
            if (port is null)
            {
                Fail(context, "spec.ports", "ports cannot be nil");
                continue;
            }

            var protocol = PortProtocolTable.Parse(port.Protocol);
            if (!PortProtocolTable.IsHttp(protocol) && !PortProtocolTable.IsTls(protocol))
            {
                Fail(context, "spec.ports", "multiple hosts provided with non-HTTP, non-TLS ports");
                break;
            }
        }
    }

    // Rule 10.
    private static void ValidateExportTo(ServiceEntrySpec spec, ValidationContext<ServiceEntry> context)
    {
        var @namespace = context.RootContextData.TryGetValue(NamespaceKey, out var value) && value is string given
            ? given
            : context.InstanceToValidate.Metadata?.NamespaceProperty ?? "";
        foreach (var error in ExportToRules.Validate(@namespace, spec.ExportTo))
        {
            Fail(context, "spec.exportTo", error);
        }
    }

    private static void ValidateEndpointPorts(WorkloadEntrySpec endpoint, HashSet<string> servicePorts, string path, ValidationContext<ServiceEntry> context)
    {
        if (endpoint.Ports is null)
        {
            return;
        }

        foreach (var (name, number) in endpoint.Ports)
        {
            if (!servicePorts.Contains(name))
            {
                // Istio names the port by its value here, not by its name.
                Fail(context, $"{path}.ports", $"endpoint port {number} is not defined by the service entry");
            }

            if (PortNameError(name) is { } nameError)
            {
                Fail(context, $"{path}.ports", nameError);
            }

            if (PortRangeError(number) is { } rangeError)
            {
                Fail(context, $"{path}.ports", rangeError);
            }
        }
    }

    private static void ValidateEndpointLabels(WorkloadEntrySpec endpoint, string path, ValidationContext<ServiceEntry> context)
    {
        foreach (var error in LabelSyntax.Validate(endpoint.Labels))
        {
            Fail(context, $"{path}.labels", error);
        }
    }

    private static HashSet<string> DeclaredPortNames(ServiceEntrySpec spec) =>
        new((spec.Ports ?? []).Where(port => port is not null).Select(port => port.Name ?? ""), StringComparer.Ordinal);

    private static string Resolution(ServiceEntrySpec spec) =>
        string.IsNullOrEmpty(spec.Resolution) ? ServiceEntryResolution.None : spec.Resolution;

    private static string? PortNameError(string name) => Dns1123Label.IsLabel(name) ? null : $"invalid port name: {name}";

    private static string? PortRangeError(uint port) => port is >= 1 and <= 65535 ? null : $"port number {port} must be in the range 1..65535";

    private static void Fail(ValidationContext<ServiceEntry> context, string path, string message) =>
        context.AddFailure(new ValidationFailure(path, message) { Severity = Severity.Error });

    private static void Warn(ValidationContext<ServiceEntry> context, string path, string message) =>
        context.AddFailure(new ValidationFailure(path, message) { Severity = Severity.Warning });
}
