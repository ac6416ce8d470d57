using System.Net;

namespace Platform.Sandbox.Cluster.Kubelet;

/// <summary>The node's pod IPAM (the CNI plugin's job): one address per family per pod UID, lowest free first.</summary>
internal sealed class PodAddressPool
{
    private readonly IReadOnlyList<PodSubnet> _subnets;
    private readonly Dictionary<string, IPAddress[]> _byPod = new(StringComparer.Ordinal);
    private readonly HashSet<IPAddress>[] _used;
    private readonly Lock _gate = new();

    public PodAddressPool(IReadOnlyList<PodSubnet> subnets)
    {
        _subnets = subnets;
        _used = [.. subnets.Select(_ => new HashSet<IPAddress>())];
    }

    public IReadOnlyList<PodSubnet> Subnets => _subnets;

    /// <summary>The pod's addresses (allocating on first use); null when a subnet is exhausted.</summary>
    public IReadOnlyList<IPAddress>? Acquire(string podUid)
    {
        lock (_gate)
        {
            if (_byPod.TryGetValue(podUid, out var existing))
            {
                return existing;
            }

            var addresses = new IPAddress[_subnets.Count];
            for (var i = 0; i < _subnets.Count; i++)
            {
                IPAddress? free = null;
                for (long n = 0; n < _subnets[i].HostCount; n++)
                {
                    var candidate = _subnets[i].HostAt(n);
                    if (!_used[i].Contains(candidate))
                    {
                        free = candidate;
                        break;
                    }
                }

                if (free is null)
                {
                    for (var j = 0; j < i; j++)
                    {
                        _used[j].Remove(addresses[j]);
                    }

                    return null;
                }

                _used[i].Add(free);
                addresses[i] = free;
            }

            _byPod[podUid] = addresses;
            return addresses;
        }
    }

    /// <summary>Re-registers addresses a pod already reports (after a kubelet restart), so they are not handed out twice.</summary>
    public void Adopt(string podUid, IReadOnlyList<IPAddress> addresses)
    {
        lock (_gate)
        {
            if (_byPod.ContainsKey(podUid) || addresses.Count != _subnets.Count)
            {
                return;
            }

            for (var i = 0; i < addresses.Count; i++)
            {
                if (addresses[i].AddressFamily != _subnets[i].Family || _used[i].Contains(addresses[i]))
                {
                    return;
                }
            }

            for (var i = 0; i < addresses.Count; i++)
            {
                _used[i].Add(addresses[i]);
            }

            _byPod[podUid] = [.. addresses];
        }
    }

    public void Release(string podUid)
    {
        lock (_gate)
        {
            if (_byPod.Remove(podUid, out var addresses))
            {
                for (var i = 0; i < addresses.Length; i++)
                {
                    _used[i].Remove(addresses[i]);
                }
            }
        }
    }
}
