using Platform.LoadBalancer.Addressing;
using Platform.LoadBalancer.Allocation;

namespace Platform.LoadBalancer.Tests.ModelBased;

/// <summary>
/// A deliberately naive model of MetalLB's allocation: scans every address of every pool in order. Slow and
/// obviously right, so the real allocator (free-range sets, sharing index) can be checked against it.
/// </summary>
internal sealed class ReferenceAllocator
{
    public List<AddressPoolDefinition> Pools { get; private set; } = [];

    public Dictionary<string, (string Pool, List<NetAddress> Addresses, ServiceProfile Profile)> Holdings { get; } = [];

    public void SetPools(List<AddressPoolDefinition> pools)
    {
        Pools = [.. pools.OrderBy(p => p.Name, StringComparer.Ordinal)];
        foreach (var (key, holding) in Holdings.ToList())
        {
            var owner = Owner(holding.Addresses);
            if (owner is null)
            {
                Holdings.Remove(key);
            }
            else
            {
                Holdings[key] = (owner.Name, holding.Addresses, holding.Profile);
            }
        }
    }

    public void Release(string key) => Holdings.Remove(key);

    public List<NetAddress>? Assign(ServiceProfile profile, List<NetAddress> addresses)
    {
        if (addresses.Count is 0 or > 2 || (addresses.Count == 2 && addresses[0].Family == addresses[1].Family))
        {
            return null;
        }

        var owner = Owner(addresses);
        if (owner is null || !owner.Admits(profile) || addresses.Any(a => !MayUse(a, profile)))
        {
            return null;
        }

        Holdings[profile.Key] = (owner.Name, addresses, profile);
        return addresses;
    }

    public List<NetAddress>? Allocate(ServiceProfile profile, FamilyRequirement families, string? poolName)
    {
        if (Holdings.TryGetValue(profile.Key, out var existing))
        {
            return poolName is not null && existing.Pool != poolName ? null : Assign(profile, existing.Addresses);
        }

        List<AddressPoolDefinition> order;
        if (poolName is not null)
        {
            var named = Pools.FirstOrDefault(p => p.Name == poolName);
            if (named is null || !named.Admits(profile))
            {
                return null;
            }

            order = [named];
        }
        else
        {
            var pinned = Pools.Where(p => p.HasServiceAllocation && p.AutoAssign && p.Admits(profile))
                .OrderBy(p => p.Priority > 0 ? p.Priority : long.MaxValue).ThenBy(p => p.Name, StringComparer.Ordinal).ToList();
            var generic = Pools.Where(p => p.AutoAssign && !p.HasServiceAllocation).ToList();
            var chosen = Choose(pinned, profile, families) ?? Choose(generic, profile, families);
            return chosen is null ? null : Assign(profile, chosen);
        }

        var pick = Choose(order, profile, families);
        return pick is null ? null : Assign(profile, pick);
    }

    private List<NetAddress>? Choose(List<AddressPoolDefinition> pools, ServiceProfile profile, FamilyRequirement families)
    {
        List<NetAddress>? primaryOnly = null;
        List<NetAddress>? secondaryOnly = null;
        foreach (var pool in pools)
        {
            var primary = FirstUsable(pool, families.Primary, profile);
            if (families.Mode == FamilyMode.Single)
            {
                if (primary is { } p)
                {
                    return [p];
                }

                continue;
            }

            var secondary = FirstUsable(pool, families.Secondary, profile);
            if (primary is not null && secondary is not null)
            {
                return families.Primary == IpFamily.IPv4 ? [primary.Value, secondary.Value] : [secondary.Value, primary.Value];
            }

            if (families.Mode == FamilyMode.PreferDual)
            {
                primaryOnly ??= primary is { } p1 ? [p1] : null;
                secondaryOnly ??= secondary is { } s1 ? [s1] : null;
            }
        }

        return primaryOnly ?? secondaryOnly;
    }

    private NetAddress? FirstUsable(AddressPoolDefinition pool, IpFamily family, ServiceProfile profile)
    {
        foreach (var block in pool.Blocks.Where(b => b.Family == family))
        {
            for (var v = block.First; ; v++)
            {
                var address = new NetAddress(family, v);
                if (!(pool.AvoidBuggyIPs && address.IsBuggy) && MayUse(address, profile))
                {
                    return address;
                }

                if (v == block.Last)
                {
                    break;
                }
            }
        }

        return null;
    }

    public bool MayUse(NetAddress address, ServiceProfile profile)
    {
        foreach (var (key, holding) in Holdings)
        {
            if (key == profile.Key || !holding.Addresses.Contains(address))
            {
                continue;
            }

            if (!MayShare(holding.Profile, profile))
            {
                return false;
            }
        }

        return true;
    }

    public static bool MayShare(ServiceProfile a, ServiceProfile b) =>
        a.SharingKey.Length > 0 && a.SharingKey == b.SharingKey && a.BackendKey == b.BackendKey && !a.Ports.Intersect(b.Ports).Any();

    public AddressPoolDefinition? Owner(IReadOnlyList<NetAddress> addresses) =>
        Pools.FirstOrDefault(p => addresses.All(p.Owns));
}
