using System.Net;
using System.Net.Sockets;
using System.Numerics;
using System.Text.Json.Nodes;
using Platform.Sandbox.Api;
using Platform.Sandbox.Errors;

namespace Platform.Sandbox.Semantics;

/// <summary>
/// ClusterIPs from one IPv4 and one IPv6 service CIDR and NodePorts from 30000-32767, with the
/// dual-stack rules of a real cluster: ipFamilyPolicy SingleStack / PreferDualStack / RequireDualStack,
/// ipFamilies order, headless (<c>None</c>) and ExternalName services get no address.
/// </summary>
internal sealed class ServiceAddressAllocator
{
    public const int NodePortMin = 30000;
    public const int NodePortMax = 32767;

    private readonly Lock _lock = new();
    private readonly (IPAddress Network, int Prefix) _v4;
    private readonly (IPAddress Network, int Prefix) _v6;
    private readonly HashSet<string> _ips = new(StringComparer.Ordinal);
    private readonly HashSet<int> _ports = [];
    private readonly Random _random = new();
    private BigInteger _nextV4 = 2;
    private BigInteger _nextV6 = 2;

    public ServiceAddressAllocator(string ipv4Cidr, string ipv6Cidr)
    {
        _v4 = ParseCidr(ipv4Cidr);
        _v6 = ParseCidr(ipv6Cidr);
    }

    /// <summary>Defaults and allocates in place; returns field errors (422) instead of throwing.</summary>
    public IReadOnlyList<FieldError> Allocate(JsonObject service, JsonObject? old, bool dryRun)
    {
        var errors = new List<FieldError>();
        var spec = service["spec"] as JsonObject ?? [];
        service["spec"] = spec;
        var type = spec["type"]?.ToString() ?? "ClusterIP";
        spec["type"] = type;
        spec["sessionAffinity"] ??= "None";
        if (type != "ExternalName")
        {
            spec["internalTrafficPolicy"] ??= "Cluster";
        }

        if (type is "NodePort" or "LoadBalancer")
        {
            spec["externalTrafficPolicy"] ??= "Cluster";
        }

        if (type == "LoadBalancer")
        {
            spec["allocateLoadBalancerNodePorts"] ??= true;
        }

        foreach (var port in (spec["ports"] as JsonArray)?.OfType<JsonObject>() ?? [])
        {
            port["protocol"] ??= "TCP";
            if (port["targetPort"] is null && port["port"] is { } p)
            {
                port["targetPort"] = p.DeepClone();
            }
        }

        // Preserve allocations across updates that omit them (patchAllocatedValues upstream).
        var oldSpec = old?["spec"] as JsonObject;
        if (oldSpec is not null && spec["clusterIP"] is null && spec["clusterIPs"] is null && type != "ExternalName")
        {
            spec["clusterIP"] = oldSpec["clusterIP"]?.DeepClone();
            spec["clusterIPs"] = oldSpec["clusterIPs"]?.DeepClone();
            spec["ipFamilies"] ??= oldSpec["ipFamilies"]?.DeepClone();
            spec["ipFamilyPolicy"] ??= oldSpec["ipFamilyPolicy"]?.DeepClone();
        }

        lock (_lock)
        {
            if (type == "ExternalName")
            {
                spec.Remove("clusterIP");
                spec.Remove("clusterIPs");
                spec.Remove("ipFamilies");
                spec.Remove("ipFamilyPolicy");
            }
            else
            {
                AllocateClusterIPs(spec, oldSpec, errors, dryRun);
            }

            AllocateNodePorts(spec, oldSpec, type, errors, dryRun);
        }

        return errors;
    }

    /// <summary>Returns a deleted Service's addresses and ports to the pools.</summary>
    public void Release(JsonObject service)
    {
        lock (_lock)
        {
            foreach (var ip in (service["spec"]?["clusterIPs"] as JsonArray)?.Select(i => i?.ToString() ?? "") ?? [])
            {
                _ips.Remove(ip);
            }

            foreach (var port in (service["spec"]?["ports"] as JsonArray)?.OfType<JsonObject>() ?? [])
            {
                if (Platform.Sandbox.Rest.ObjectJson.Long(port["nodePort"]) is { } n)
                {
                    _ports.Remove((int)n);
                }
            }
        }
    }

    /// <summary>Marks a restored Service's addresses and ports as used.</summary>
    public void Reserve(JsonObject service)
    {
        lock (_lock)
        {
            foreach (var ip in (service["spec"]?["clusterIPs"] as JsonArray)?.Select(i => i?.ToString() ?? "") ?? [])
            {
                if (ip != "None")
                {
                    _ips.Add(ip);
                }
            }

            foreach (var port in (service["spec"]?["ports"] as JsonArray)?.OfType<JsonObject>() ?? [])
            {
                if (Platform.Sandbox.Rest.ObjectJson.Long(port["nodePort"]) is { } n)
                {
                    _ports.Add((int)n);
                }
            }
        }
    }

    private void AllocateClusterIPs(JsonObject spec, JsonObject? oldSpec, List<FieldError> errors, bool dryRun)
    {
        var requested = (spec["clusterIPs"] as JsonArray)?.Select(i => i?.ToString() ?? "").Where(s => s.Length > 0).ToList()
            ?? (spec["clusterIP"]?.ToString() is { Length: > 0 } single ? [single] : []);
        var families = (spec["ipFamilies"] as JsonArray)?.Select(f => f?.ToString() ?? "").ToList() ?? [];
        var policy = spec["ipFamilyPolicy"]?.ToString();
        foreach (var f in families.Where(f => f is not "IPv4" and not "IPv6"))
        {
            errors.Add(new FieldError("spec.ipFamilies", "FieldValueNotSupported", $"Unsupported value: \"{f}\": supported values: \"IPv4\", \"IPv6\""));
        }

        if (policy is not null and not "SingleStack" and not "PreferDualStack" and not "RequireDualStack")
        {
            errors.Add(new FieldError("spec.ipFamilyPolicy", "FieldValueNotSupported", $"Unsupported value: \"{policy}\": supported values: \"PreferDualStack\", \"RequireDualStack\", \"SingleStack\""));
        }

        if (errors.Count > 0)
        {
            return;
        }

        var headless = requested.Count > 0 && requested[0] == "None";
        if (!headless)
        {
            for (var i = 0; i < requested.Count; i++)
            {
                if (!IPAddress.TryParse(requested[i], out var parsed))
                {
                    errors.Add(new FieldError($"spec.clusterIPs[{i}]", "FieldValueInvalid", $"Invalid value: \"{requested[i]}\": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)"));
                    return;
                }

                var family = parsed.AddressFamily == AddressFamily.InterNetwork ? "IPv4" : "IPv6";
                if (families.Count > i && families[i] != family)
                {
                    errors.Add(new FieldError($"spec.clusterIPs[{i}]", "FieldValueInvalid", $"Invalid value: \"{requested[i]}\": expected an {families[i]} value as indicated by `ipFamilies[{i}]`"));
                    return;
                }

                if (families.Count <= i)
                {
                    families.Add(family);
                }
            }
        }

        // Two families (or two IPs) without a policy means RequireDualStack, as upstream infers.
        policy ??= families.Count == 2 || requested.Count == 2 ? "RequireDualStack" : "SingleStack";
        if (policy == "SingleStack" && (families.Count > 1 || requested.Count > 1))
        {
            errors.Add(new FieldError("spec.ipFamilies", "FieldValueInvalid", "Invalid value: must be a single IP family when ipFamilyPolicy is SingleStack"));
            return;
        }

        if (families.Count == 0)
        {
            families.Add("IPv4");
        }

        if (policy != "SingleStack" && families.Count == 1)
        {
            families.Add(families[0] == "IPv4" ? "IPv6" : "IPv4");
        }

        spec["ipFamilyPolicy"] = policy;
        spec["ipFamilies"] = new JsonArray([.. families.Select(f => (JsonNode?)JsonValue.Create(f))]);
        if (headless)
        {
            spec["clusterIP"] = "None";
            spec["clusterIPs"] = new JsonArray("None");
            return;
        }

        var oldIps = (oldSpec?["clusterIPs"] as JsonArray)?.Select(i => i?.ToString() ?? "").ToHashSet(StringComparer.Ordinal) ?? [];
        var result = new List<string>();
        for (var i = 0; i < families.Count; i++)
        {
            var range = families[i] == "IPv4" ? _v4 : _v6;
            if (i < requested.Count)
            {
                var ip = IPAddress.Parse(requested[i]);
                if (!InRange(ip, range))
                {
                    errors.Add(new FieldError($"spec.clusterIPs[{i}]", "FieldValueInvalid", $"Invalid value: \"{requested[i]}\": failed to allocate IP {requested[i]}: provided IP is not in the valid range. The range of valid IPs is {range.Network}/{range.Prefix}"));
                    return;
                }

                var text = ip.ToString();
                if (!oldIps.Contains(text) && _ips.Contains(text))
                {
                    errors.Add(new FieldError($"spec.clusterIPs[{i}]", "FieldValueInvalid", $"Invalid value: \"{requested[i]}\": failed to allocate IP {requested[i]}: provided IP is already allocated"));
                    return;
                }

                result.Add(text);
            }
            else
            {
                result.Add(NextFree(range));
            }
        }

        if (!dryRun)
        {
            foreach (var ip in result)
            {
                _ips.Add(ip);
            }
        }

        spec["clusterIP"] = result[0];
        spec["clusterIPs"] = new JsonArray([.. result.Select(r => (JsonNode?)JsonValue.Create(r))]);
    }

    private void AllocateNodePorts(JsonObject spec, JsonObject? oldSpec, string type, List<FieldError> errors, bool dryRun)
    {
        var wantsNodePorts = type == "NodePort" || (type == "LoadBalancer" && spec["allocateLoadBalancerNodePorts"]?.GetValue<bool>() != false);
        var ports = (spec["ports"] as JsonArray)?.OfType<JsonObject>().ToList() ?? [];
        var oldPorts = (oldSpec?["ports"] as JsonArray)?.OfType<JsonObject>().Select(p => (int)(Platform.Sandbox.Rest.ObjectJson.Long(p["nodePort"]) ?? 0)).ToHashSet() ?? [];
        for (var i = 0; i < ports.Count; i++)
        {
            var port = ports[i];
            if (!wantsNodePorts)
            {
                if (type is "ClusterIP" or "ExternalName" && port["nodePort"] is not null)
                {
                    errors.Add(new FieldError($"spec.ports[{i}].nodePort", "FieldValueForbidden", "Forbidden: may not be used when `type` is 'ClusterIP'"));
                }

                continue;
            }

            if ((int)(Platform.Sandbox.Rest.ObjectJson.Long(port["nodePort"]) ?? 0) is var requested && requested != 0)
            {
                if (requested is < NodePortMin or > NodePortMax)
                {
                    errors.Add(new FieldError($"spec.ports[{i}].nodePort", "FieldValueInvalid", $"Invalid value: {requested}: provided port is not in the valid range. The range of valid ports is {NodePortMin}-{NodePortMax}"));
                }
                else if (!oldPorts.Contains(requested) && _ports.Contains(requested))
                {
                    errors.Add(new FieldError($"spec.ports[{i}].nodePort", "FieldValueInvalid", $"Invalid value: {requested}: provided port is already allocated"));
                }
                else if (!dryRun)
                {
                    _ports.Add(requested);
                }

                continue;
            }

            var free = Enumerable.Range(0, 64).Select(_ => _random.Next(NodePortMin, NodePortMax + 1)).FirstOrDefault(p => !_ports.Contains(p));
            if (free == 0)
            {
                free = Enumerable.Range(NodePortMin, NodePortMax - NodePortMin + 1).FirstOrDefault(p => !_ports.Contains(p));
            }

            if (free == 0)
            {
                errors.Add(new FieldError($"spec.ports[{i}].nodePort", "FieldValueInvalid", "Invalid value: 0: range is full"));
                continue;
            }

            if (!dryRun)
            {
                _ports.Add(free);
            }

            port["nodePort"] = free;
        }
    }

    private string NextFree((IPAddress Network, int Prefix) range)
    {
        var bits = range.Network.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;
        var size = BigInteger.One << (bits - range.Prefix);
        var start = new BigInteger(range.Network.GetAddressBytes(), isUnsigned: true, isBigEndian: true);
        var limit = BigInteger.Min(size - 2, 1 << 20);

        // Offset 1 is reserved for the kubernetes service, as on a real cluster. The search resumes where the
        // last one stopped (wrapping), so filling the range costs O(1) per address, not a scan from the start.
        ref var cursor = ref bits == 32 ? ref _nextV4 : ref _nextV6;
        var full = new byte[bits / 8];
        for (var tried = BigInteger.Zero; tried < limit - 1; tried++)
        {
            if (cursor < 2 || cursor > limit)
            {
                cursor = 2;
            }

            var bytes = (start + cursor).ToByteArray(isUnsigned: true, isBigEndian: true);
            cursor++;
            Array.Clear(full);
            Array.Copy(bytes, 0, full, full.Length - bytes.Length, bytes.Length);
            var text = new IPAddress(full).ToString();
            if (!_ips.Contains(text))
            {
                return text;
            }
        }

        throw ApiErrors.Internal("failed to allocate a serviceIP: range is full");
    }

    private static bool InRange(IPAddress ip, (IPAddress Network, int Prefix) range)
    {
        if (ip.AddressFamily != range.Network.AddressFamily)
        {
            return false;
        }

        var a = ip.GetAddressBytes();
        var n = range.Network.GetAddressBytes();
        for (var bit = 0; bit < range.Prefix; bit++)
        {
            var mask = (byte)(0x80 >> (bit % 8));
            if ((a[bit / 8] & mask) != (n[bit / 8] & mask))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The first address of a service CIDR: the <c>kubernetes</c> Service's clusterIP.</summary>
    public static string FirstServiceAddress(string cidr)
    {
        var (network, _) = ParseCidr(cidr);
        var bytes = network.GetAddressBytes();
        bytes[^1] += 1;
        return new IPAddress(bytes).ToString();
    }

    private static (IPAddress, int) ParseCidr(string cidr)
    {
        var parts = cidr.Split('/');
        return (IPAddress.Parse(parts[0]), int.Parse(parts[1]));
    }
}
