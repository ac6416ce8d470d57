using System.Globalization;
using System.Net;
using System.Net.Sockets;
using k8s.Models;

namespace Platform.Sandbox.Cluster.Endpoints;

/// <summary>
/// The EndpointSlices a Service with a selector should have (pure): one group per address family and
/// resolved port set, at most <see cref="MaxEndpointsPerSlice"/> endpoints per slice, endpoints ordered by pod
/// name, ready/serving/terminating from the pod, named targetPorts resolved against each pod's containers.
/// </summary>
internal static class EndpointSliceBuilder
{
    public const string ServiceNameLabel = "kubernetes.io/service-name";
    public const string ManagedByLabel = "endpointslice.kubernetes.io/managed-by";
    public const string ControllerName = "endpointslice-controller.k8s.io";
    public const int MaxEndpointsPerSlice = 100;

    public static IReadOnlyList<V1EndpointSlice> Build(V1Service service, IEnumerable<V1Pod> pods)
    {
        var selector = service.Spec?.Selector ?? new Dictionary<string, string>();
        var families = service.Spec?.IpFamilies is { Count: > 0 } f ? f : (IList<string>)["IPv4"];
        var publishNotReady = service.Spec?.PublishNotReadyAddresses == true;
        var ns = service.Metadata.NamespaceProperty;
        var matching = pods
            .Where(p => p.Metadata.NamespaceProperty == ns && Selects(selector, p) && p.Status?.PodIPs is { Count: > 0 })
            .Where(p => p.Status?.Phase is not ("Succeeded" or "Failed"))
            .OrderBy(p => p.Metadata.Name, StringComparer.Ordinal)
            .ToList();

        var slices = new List<V1EndpointSlice>();
        foreach (var family in families)
        {
            var groups = new Dictionary<string, (List<Discoveryv1EndpointPort> Ports, List<V1Endpoint> Endpoints)>(StringComparer.Ordinal);
            foreach (var pod in matching)
            {
                var address = pod.Status.PodIPs.Select(ip => ip.Ip).FirstOrDefault(ip => FamilyOf(ip) == family);
                if (address is null)
                {
                    continue;
                }

                var ports = ResolvePorts(service, pod);
                var portKey = string.Join(",", ports.Select(p => $"{p.Name}/{p.Protocol}/{p.Port}/{p.AppProtocol}"));
                if (!groups.TryGetValue(portKey, out var group))
                {
                    group = (ports, []);
                    groups[portKey] = group;
                }

                group.Endpoints.Add(EndpointFor(service, pod, address, publishNotReady));
            }

            if (groups.Count == 0)
            {
                // The controller keeps one empty placeholder slice per family so consumers see "no endpoints".
                slices.Add(Slice(service, family, null, []));
                continue;
            }

            foreach (var (_, (ports, endpoints)) in groups.OrderBy(g => g.Key, StringComparer.Ordinal))
            {
                for (var i = 0; i < endpoints.Count; i += MaxEndpointsPerSlice)
                {
                    slices.Add(Slice(service, family, ports, [.. endpoints.Skip(i).Take(MaxEndpointsPerSlice)]));
                }
            }
        }

        return slices;
    }

    /// <summary>The part of a slice the controller owns, for change detection.</summary>
    public static string Content(V1EndpointSlice slice) =>
        k8s.KubernetesJson.Serialize(new { slice.AddressType, Ports = slice.Ports ?? [], Endpoints = slice.Endpoints ?? [] });

    public static bool Selects(IDictionary<string, string> selector, V1Pod pod) =>
        selector.Count > 0 && selector.All(kv => pod.Metadata.Labels?.TryGetValue(kv.Key, out var v) == true && v == kv.Value);

    private static V1EndpointSlice Slice(V1Service service, string family, List<Discoveryv1EndpointPort>? ports, List<V1Endpoint> endpoints) => new()
    {
        ApiVersion = "discovery.k8s.io/v1",
        Kind = "EndpointSlice",
        Metadata = new V1ObjectMeta
        {
            GenerateName = service.Metadata.Name + "-",
            NamespaceProperty = service.Metadata.NamespaceProperty,
            Labels = new Dictionary<string, string>
            {
                [ServiceNameLabel] = service.Metadata.Name,
                [ManagedByLabel] = ControllerName,
            },
            OwnerReferences =
            [
                new V1OwnerReference
                {
                    ApiVersion = "v1", Kind = "Service", Name = service.Metadata.Name, Uid = service.Metadata.Uid,
                    Controller = true, BlockOwnerDeletion = true,
                },
            ],
        },
        AddressType = family,
        Ports = ports,
        Endpoints = endpoints,
    };

    private static V1Endpoint EndpointFor(V1Service service, V1Pod pod, string address, bool publishNotReady)
    {
        var podReady = pod.Status?.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true;
        var terminating = pod.Metadata.DeletionTimestamp is not null;
        return new V1Endpoint
        {
            Addresses = [address],
            Conditions = new V1EndpointConditions
            {
                Ready = publishNotReady || (podReady && !terminating),
                Serving = publishNotReady || podReady,
                Terminating = terminating,
            },
            Hostname = !string.IsNullOrEmpty(pod.Spec?.Hostname) && pod.Spec.Subdomain == service.Metadata.Name ? pod.Spec.Hostname : null,
            NodeName = pod.Spec?.NodeName,
            TargetRef = new V1ObjectReference { Kind = "Pod", NamespaceProperty = pod.Metadata.NamespaceProperty, Name = pod.Metadata.Name, Uid = pod.Metadata.Uid },
        };
    }

    /// <summary>Service ports with targetPort resolved for this pod; a named port the pod lacks is left out.</summary>
    private static List<Discoveryv1EndpointPort> ResolvePorts(V1Service service, V1Pod pod)
    {
        var result = new List<Discoveryv1EndpointPort>();
        foreach (var port in service.Spec?.Ports ?? [])
        {
            var protocol = port.Protocol ?? "TCP";
            var target = port.TargetPort?.Value;
            int number;
            if (string.IsNullOrEmpty(target))
            {
                number = port.Port;
            }
            else if (!int.TryParse(target, NumberStyles.None, CultureInfo.InvariantCulture, out number))
            {
                var named = (pod.Spec?.Containers ?? []).Concat(pod.Spec?.InitContainers ?? [])
                    .SelectMany(c => c.Ports ?? [])
                    .FirstOrDefault(p => p.Name == target && (p.Protocol ?? "TCP") == protocol);
                if (named is null)
                {
                    continue;
                }

                number = named.ContainerPort;
            }

            result.Add(new Discoveryv1EndpointPort { Name = port.Name ?? "", Protocol = protocol, Port = number, AppProtocol = port.AppProtocol });
        }

        return result;
    }

    private static string FamilyOf(string ip) =>
        IPAddress.TryParse(ip, out var parsed) && parsed.AddressFamily == AddressFamily.InterNetworkV6 ? "IPv6" : "IPv4";
}
