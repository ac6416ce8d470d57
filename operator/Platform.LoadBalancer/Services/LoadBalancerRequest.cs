using k8s.Models;
using Platform.LoadBalancer.Addressing;

namespace Platform.LoadBalancer.Services;

/// <summary>What a Service asks for through MetalLB's annotations and <c>spec.loadBalancerIP</c>.</summary>
/// <param name="Addresses">Requested addresses (empty: automatic).</param>
/// <param name="AddressesSource">Where the addresses came from (for messages).</param>
/// <param name="Pool">The address-pool annotation, or null.</param>
/// <param name="SharingKey">The allow-shared-ip key, empty when not shareable.</param>
/// <param name="LegacyKeys">Deprecated metallb.universe.tf/* keys that supplied values.</param>
/// <param name="Error">Why the request is unusable, or null.</param>
public sealed record LoadBalancerRequest(
    IReadOnlyList<NetAddress> Addresses,
    string AddressesSource,
    string? Pool,
    string SharingKey,
    IReadOnlyList<string> LegacyKeys,
    string? Error)
{
    /// <summary>Parses the request; never throws on bad input.</summary>
    public static LoadBalancerRequest Parse(V1Service service)
    {
        ArgumentNullException.ThrowIfNull(service);
        var annotations = service.Metadata?.Annotations;
        var legacy = new List<string>();
        var ipsText = ServiceAnnotations.Read(annotations, "loadBalancerIPs", out var legacyIps);
        var pool = ServiceAnnotations.Read(annotations, "address-pool", out var legacyPool);
        var sharing = ServiceAnnotations.Read(annotations, "allow-shared-ip", out var legacySharing);
        foreach (var key in new[] { legacyIps, legacyPool, legacySharing })
        {
            if (key is not null)
            {
                legacy.Add(key);
            }
        }

        var specIp = service.Spec?.LoadBalancerIP;
        var source = legacyIps ?? ServiceAnnotations.LoadBalancerIPs;
        string? error = null;
        var addresses = new List<NetAddress>();
        if (!string.IsNullOrEmpty(ipsText) && !string.IsNullOrEmpty(specIp))
        {
            error = $"both the {source} annotation and spec.loadBalancerIP are set; use only one";
        }
        else if (ipsText is not null)
        {
            foreach (var part in ipsText.Split(','))
            {
                var trimmed = part.Trim();
                if (!AddressParser.TryParseAddress(trimmed, out var address))
                {
                    error = $"invalid IP \"{trimmed}\" in the {source} annotation \"{ipsText}\"";
                    break;
                }

                addresses.Add(address);
            }

            if (error is null && addresses.Count > 2)
            {
                error = $"the {source} annotation lists {addresses.Count} IPs; at most two (one per family) are allowed";
            }
            else if (error is null && addresses.Count == 2 && addresses[0].Family == addresses[1].Family)
            {
                error = $"the {source} annotation lists two {addresses[0].Family} IPs; two IPs must be of different families";
            }
        }
        else if (!string.IsNullOrEmpty(specIp))
        {
            source = "spec.loadBalancerIP";
            if (AddressParser.TryParseAddress(specIp.Trim(), out var address))
            {
                addresses.Add(address);
            }
            else
            {
                error = $"invalid IP \"{specIp}\" in spec.loadBalancerIP";
            }
        }

        if (error is null && pool is not null && pool.Length == 0)
        {
            error = "the address-pool annotation is empty";
        }

        return new LoadBalancerRequest(error is null ? addresses : [], source, pool, sharing ?? string.Empty, legacy, error);
    }
}
