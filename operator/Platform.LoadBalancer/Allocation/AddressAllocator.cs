using Platform.LoadBalancer.Addressing;

namespace Platform.LoadBalancer.Allocation;

/// <summary>
/// Gives Services addresses from pools with MetalLB's semantics, deterministically: pools tried by
/// serviceAllocation priority (lower first, 0 last) then name; inside a pool the lowest free address in the
/// order the pool lists its entries — or, with a sharing key, a lower address already held by a compatible
/// Service (MetalLB packs shared Services). O(log n) per allocation.
/// Thread-safe: every public member takes one lock, so the reconciler and a metrics scrape may overlap.
/// Pure: no I/O, no clock; the state is rebuilt from Service status on start.
/// Layout: who holds an address lives in per-pool pages indexed by the address's position and a Service's
/// holding is a struct inline in one table, so an allocation touches few cache lines and leaves no
/// long-lived garbage — what keeps the cost at 100k Services near the cost at 1k.
/// </summary>
public sealed class AddressAllocator
{
    private readonly Lock gate = new();
    private readonly SortedDictionary<string, PoolState> pools = new(StringComparer.Ordinal);
    private readonly ServiceHoldingTable holdings = new();
    private readonly Dictionary<string, HashSet<SharedAddress>> bySharingKey = new(StringComparer.Ordinal);
    private PoolState[] pinnedOrder = [];
    private PoolState[] genericOrder = [];
    private long capacityVersion;

    /// <summary>Whether any pool is configured.</summary>
    public bool HasPools
    {
        get
        {
            lock (gate)
            {
                return pools.Count > 0;
            }
        }
    }

    /// <summary>Grows whenever an address is freed or pools change: the signal to retry pending Services.</summary>
    public long CapacityVersion
    {
        get
        {
            lock (gate)
            {
                return capacityVersion;
            }
        }
    }

    /// <summary>Names of the configured pools, sorted.</summary>
    public IReadOnlyList<string> PoolNames
    {
        get
        {
            lock (gate)
            {
                return [.. pools.Keys];
            }
        }
    }

    /// <summary>
    /// Replaces the pool set. Existing allocations are re-homed to whichever pool now owns their addresses
    /// (renames and splits keep addresses); those no pool owns are dropped and reported. A pool overlapping
    /// one that sorts earlier by name is left out and reported (the validators refuse such pools; this keeps
    /// the allocator consistent if one slips through).
    /// </summary>
    public PoolChange SetPools(IEnumerable<AddressPoolDefinition> definitions)
    {
        ArgumentNullException.ThrowIfNull(definitions);
        lock (gate)
        {
            var rejected = new List<(string, string)>();
            var accepted = new List<AddressPoolDefinition>();
            foreach (var definition in definitions.OrderBy(d => d.Name, StringComparer.Ordinal))
            {
                if (accepted.Any(a => a.Name == definition.Name))
                {
                    rejected.Add((definition.Name, $"pool name \"{definition.Name}\" is defined twice"));
                    continue;
                }

                var clash = accepted
                    .SelectMany(a => a.Blocks.Select(b => (Pool: a.Name, Block: b)))
                    .SelectMany(x => definition.Blocks.Where(b => b.Overlaps(x.Block)).Select(b => (x.Pool, Theirs: x.Block, Ours: b)))
                    .FirstOrDefault();
                if (clash.Pool is not null)
                {
                    rejected.Add((definition.Name, $"CIDR \"{clash.Ours.Text}\" in pool \"{definition.Name}\" overlaps with already defined CIDR \"{clash.Theirs.Text}\" in pool \"{clash.Pool}\""));
                    continue;
                }

                accepted.Add(definition);
            }

            // Addresses are read through the old pool states before they are replaced.
            var previous = holdings.Entries
                .OrderBy(h => h.Service, StringComparer.Ordinal)
                .Select(h => (h.Service, h.Holding.Profile, OldPool: h.Holding.Pool.Definition.Name, Addresses: h.Holding.Addresses()))
                .ToList();
            pools.Clear();
            holdings.Clear();
            bySharingKey.Clear();
            foreach (var definition in accepted)
            {
                pools[definition.Name] = new PoolState(definition);
            }

            // Fixed orders for automatic allocation, so Allocate does not sort per call.
            pinnedOrder = [.. pools.Values.Where(p => p.Definition.HasServiceAllocation && p.Definition.AutoAssign).OrderBy(p => p.Definition.OrderKey)];
            genericOrder = [.. pools.Values.Where(p => p.Definition.AutoAssign && !p.Definition.HasServiceAllocation)];

            var dropped = new List<(string, IReadOnlyList<NetAddress>)>();
            var rehomed = new List<(string, string, string)>();
            foreach (var (service, profile, oldPool, addresses) in previous)
            {
                var owner = OwnerOf(addresses);
                if (owner is null || !TryPlaceAll(owner, addresses, out var first, out var second))
                {
                    dropped.Add((service, addresses));
                    continue;
                }

                if (owner.Definition.Name != oldPool)
                {
                    rehomed.Add((service, oldPool, owner.Definition.Name));
                }

                var moved = new ServiceHolding(owner, profile, first, second, addresses.Length);
                holdings.Set(service, moved);
                for (var i = 0; i < moved.Count; i++)
                {
                    AddUse(owner, moved[i], profile);
                }
            }

            capacityVersion++;
            return new PoolChange(dropped, rehomed, rejected);
        }
    }

    /// <summary>
    /// Gives the Service exactly these addresses (requested IPs, or the ones in its status being
    /// re-claimed), if a pool owns them all, that pool admits the Service and sharing rules allow it.
    /// A Service may change its own sharing key in place while it is the sole user of the address.
    /// </summary>
    public AllocationOutcome Assign(ServiceProfile service, IReadOnlyList<NetAddress> addresses)
    {
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(addresses);
        lock (gate)
        {
            return AssignLocked(service, addresses);
        }
    }

    /// <summary>
    /// Automatic allocation: keeps an existing allocation if it is still valid, else tries the pools whose
    /// serviceAllocation admits the Service (autoAssign only, by priority then name), then every
    /// autoAssign pool without serviceAllocation (by name).
    /// </summary>
    public AllocationOutcome Allocate(ServiceProfile service, FamilyRequirement families)
    {
        ArgumentNullException.ThrowIfNull(service);
        lock (gate)
        {
            if (holdings.TryGetValue(service.Key, out var existing))
            {
                return Place(existing.Pool, service, existing.First, existing.Second, existing.Count);
            }

            if (pools.Count == 0)
            {
                return AllocationOutcome.Failure(AllocationError.NoPools, "no IPAddressPool is configured");
            }

            var outcome = AllocateFrom(pinnedOrder, service, families) ?? AllocateFrom(genericOrder, service, families);
            if (outcome is not null)
            {
                return outcome;
            }

            var candidates = pinnedOrder.Where(p => p.Definition.Admits(service)).Concat(genericOrder).ToList();
            if (!candidates.Any(p => CanEverServe(p, families)))
            {
                return AllocationOutcome.Failure(
                    AllocationError.NoCompatiblePool,
                    $"no pool with autoAssign admits the service for {families}");
            }

            return AllocationOutcome.Failure(
                AllocationError.PoolExhausted,
                $"no available IPs in the pools that admit the service ({string.Join(", ", candidates.Where(p => CanEverServe(p, families)).Select(p => p.Definition.Name))})");
        }
    }

    /// <summary>Allocation from the pool named by the address-pool annotation (autoAssign does not matter; serviceAllocation does).</summary>
    public AllocationOutcome AllocateFromPool(ServiceProfile service, FamilyRequirement families, string poolName)
    {
        ArgumentNullException.ThrowIfNull(service);
        lock (gate)
        {
            if (holdings.TryGetValue(service.Key, out var existing))
            {
                if (existing.Pool.Definition.Name != poolName)
                {
                    return AllocationOutcome.Failure(AllocationError.NotInRequestedPool, $"the service holds addresses of pool \"{existing.Pool.Definition.Name}\", not \"{poolName}\"");
                }

                return Place(existing.Pool, service, existing.First, existing.Second, existing.Count);
            }

            if (!pools.TryGetValue(poolName, out var pool))
            {
                return AllocationOutcome.Failure(AllocationError.UnknownPool, $"unknown pool \"{poolName}\"");
            }

            if (!pool.Definition.Admits(service))
            {
                return AllocationOutcome.Failure(AllocationError.PoolNotCompatible, $"pool \"{poolName}\" not compatible for ip assignment");
            }

            if (!CanEverServe(pool, families))
            {
                return AllocationOutcome.Failure(AllocationError.NoCompatiblePool, $"pool \"{poolName}\" has no addresses for {families}");
            }

            return AllocateFrom([pool], service, families)
                ?? AllocationOutcome.Failure(AllocationError.PoolExhausted, $"no available IPs in pool \"{poolName}\" for {families}");
        }
    }

    /// <summary>PreferDualStack holding one family: adds the other family from the same pool, keeping the first address.</summary>
    public AllocationOutcome AllocateAdditionalFamily(ServiceProfile service)
    {
        ArgumentNullException.ThrowIfNull(service);
        lock (gate)
        {
            if (!holdings.TryGetValue(service.Key, out var existing) || existing.Count != 1)
            {
                return AllocationOutcome.Failure(AllocationError.WrongFamily, "the service does not hold exactly one address");
            }

            var pool = existing.Pool;
            var kept = existing.First;
            var other = kept.Family == IpFamily.IPv4 ? IpFamily.IPv6 : IpFamily.IPv4;
            if (FindCandidate(pool, other, service) is not { } extra)
            {
                return AllocationOutcome.Failure(AllocationError.PoolExhausted, $"no available {other} address in pool \"{pool.Definition.Name}\"");
            }

            return Place(pool, service, kept, extra, 2);
        }
    }

    /// <summary>Frees the Service's addresses, if any. Returns whether it held any.</summary>
    public bool Release(string serviceKey)
    {
        lock (gate)
        {
            return ReleaseLocked(serviceKey);
        }
    }

    /// <summary>The addresses a Service holds.</summary>
    public HeldAddresses? HeldBy(string serviceKey)
    {
        lock (gate)
        {
            return holdings.TryGetValue(serviceKey, out var h) ? new HeldAddresses(h.Pool.Definition.Name, h.Addresses()) : null;
        }
    }

    /// <summary>The Services holding an address (empty when free).</summary>
    public IReadOnlyList<string> HoldersOf(NetAddress address)
    {
        lock (gate)
        {
            var owner = OwnerOf([address]);
            return owner is not null && owner.TryPlace(address, out var placement) ? [.. owner.CellAt(placement).Holders] : [];
        }
    }

    /// <summary>The pool that would own these addresses, or null.</summary>
    public string? PoolOwning(IReadOnlyList<NetAddress> addresses)
    {
        lock (gate)
        {
            return OwnerOf(addresses)?.Definition.Name;
        }
    }

    /// <summary>MetalLB's counters for a pool; zero for an unknown pool.</summary>
    public PoolCounters Counters(string poolName)
    {
        lock (gate)
        {
            return pools.TryGetValue(poolName, out var pool) ? CountersOf(pool) : default;
        }
    }

    /// <summary>Who holds which address of a pool, in allocation order (IPv4 first), at most <paramref name="max"/> entries.</summary>
    public IReadOnlyList<(NetAddress Address, IReadOnlyList<string> Services)> Assignments(string poolName, int max, out bool truncated)
    {
        lock (gate)
        {
            truncated = false;
            if (!pools.TryGetValue(poolName, out var pool))
            {
                return [];
            }

            truncated = pool.InUse > max;
            return [.. pool.UsedAddresses().Take(Math.Max(0, max)).Select(u => (u.Address, (IReadOnlyList<string>)[.. u.Cell.Holders]))];
        }
    }

    /// <summary>MetalLB's allocator gauges for every pool, ready for the metrics endpoint.</summary>
    public IReadOnlyList<AllocatorMetricSample> MetricSamples()
    {
        lock (gate)
        {
            var samples = new List<AllocatorMetricSample>();
            foreach (var pool in pools.Values)
            {
                var name = pool.Definition.Name;
                var v4Total = Saturate(pool.V4.Capacity);
                var v6Total = Saturate(pool.V6.Capacity);
                var total = v4Total > long.MaxValue - v6Total ? long.MaxValue : v4Total + v6Total;
                samples.Add(new(AllocatorMetricSample.AddressesTotal, name, total));
                samples.Add(new(AllocatorMetricSample.IPv4AddressesTotal, name, v4Total));
                samples.Add(new(AllocatorMetricSample.IPv6AddressesTotal, name, v6Total));
                samples.Add(new(AllocatorMetricSample.AddressesInUseTotal, name, pool.InUse));
                samples.Add(new(AllocatorMetricSample.IPv4AddressesInUseTotal, name, pool.InUseV4));
                samples.Add(new(AllocatorMetricSample.IPv6AddressesInUseTotal, name, pool.InUseV6));
            }

            return samples;
        }
    }

    private AllocationOutcome AssignLocked(ServiceProfile service, IReadOnlyList<NetAddress> addresses)
    {
        if (addresses.Count == 0)
        {
            return AllocationOutcome.Failure(AllocationError.AddressNotInPool, "no address given");
        }

        if (addresses.Count > 2)
        {
            return AllocationOutcome.Failure(AllocationError.TooManyAddresses, $"more than two addresses {Quote(addresses)}");
        }

        if (addresses.Count == 2 && addresses[0].Family == addresses[1].Family)
        {
            return AllocationOutcome.Failure(AllocationError.SameFamily, $"{Quote(addresses)} have the same family");
        }

        var owner = OwnerOf(addresses);
        if (owner is null || !TryPlaceAll(owner, addresses, out var first, out var second))
        {
            var anyOwned = addresses.All(a => pools.Values.Any(p => p.Definition.Owns(a)));
            return anyOwned
                ? AllocationOutcome.Failure(AllocationError.DifferentPools, $"{Quote(addresses)} belong to different pools")
                : AllocationOutcome.Failure(AllocationError.AddressNotInPool, $"{Quote(addresses)} is not allowed in config");
        }

        if (!owner.Definition.Admits(service))
        {
            return AllocationOutcome.Failure(AllocationError.PoolNotCompatible, $"pool \"{owner.Definition.Name}\" not compatible for ip assignment");
        }

        return Place(owner, service, first, second, addresses.Count);
    }

    /// <summary>
    /// Gives the Service these positions of one pool if sharing rules allow (the pool already admits it).
    /// <paramref name="mayHold"/> false: the caller knows the Service holds nothing, so there is nothing to release.
    /// </summary>
    private AllocationOutcome Place(PoolState pool, ServiceProfile service, Placement first, Placement second, int count, bool mayHold = true)
    {
        var held = new ServiceHolding(pool, service, first, second, count);
        for (var i = 0; i < count; i++)
        {
            if (SharingConflict(pool, held[i], service) is { } conflict)
            {
                return AllocationOutcome.Failure(AllocationError.AddressInUse, conflict);
            }
        }

        if (mayHold)
        {
            ReleaseLocked(service.Key, countAsFreed: false);
        }

        holdings.Set(service.Key, held);
        for (var i = 0; i < count; i++)
        {
            AddUse(pool, held[i], service);
        }

        return AllocationOutcome.Success(pool.Definition.Name, held.Addresses());
    }

    /// <summary>The first pool in order that admits the Service and satisfies MetalLB's family rules (the Service holds nothing yet).</summary>
    private AllocationOutcome? AllocateFrom(PoolState[] candidates, ServiceProfile service, FamilyRequirement families)
    {
        PoolState? primaryOnly = null;
        PoolState? secondaryOnly = null;
        Placement? primaryAddress = null;
        Placement? secondaryAddress = null;
        foreach (var pool in candidates)
        {
            if (!pool.Definition.Admits(service))
            {
                continue;
            }

            var primary = FindCandidate(pool, families.Primary, service);
            if (families.Mode == FamilyMode.Single)
            {
                if (primary is { } only)
                {
                    return Place(pool, service, only, default, 1, mayHold: false);
                }

                continue;
            }

            var secondary = FindCandidate(pool, families.Secondary, service);
            if (primary is not null && secondary is not null)
            {
                // Auto-allocated dual-stack ingress is always [IPv4, IPv6], as MetalLB writes it.
                var v4 = families.Primary == IpFamily.IPv4 ? primary.Value : secondary.Value;
                var v6 = families.Primary == IpFamily.IPv4 ? secondary.Value : primary.Value;
                return Place(pool, service, v4, v6, 2, mayHold: false);
            }

            if (families.Mode == FamilyMode.PreferDual)
            {
                if (primary is not null && primaryOnly is null)
                {
                    primaryOnly = pool;
                    primaryAddress = primary;
                }

                if (secondary is not null && secondaryOnly is null)
                {
                    secondaryOnly = pool;
                    secondaryAddress = secondary;
                }
            }
        }

        if (primaryAddress is { } p)
        {
            return Place(primaryOnly!, service, p, default, 1, mayHold: false);
        }

        return secondaryAddress is { } s ? Place(secondaryOnly!, service, s, default, 1, mayHold: false) : null;
    }

    /// <summary>
    /// The first position of a family in the pool's allocation order that the Service may take: the lowest
    /// free one, unless an address earlier in the order is already held by Services it may share with.
    /// </summary>
    private Placement? FindCandidate(PoolState pool, IpFamily family, ServiceProfile service)
    {
        var space = pool.Space(family);
        UInt128? best = space.TryLowestFree(out var lowest) ? lowest : null;
        if (service.SharingKey.Length > 0 && bySharingKey.TryGetValue(service.SharingKey, out var shared))
        {
            foreach (var address in shared)
            {
                var at = address.Placement;
                if (address.Pool != pool || at.Family != family || (best is { } b && at.Ordinal >= b))
                {
                    continue;
                }

                if (SharingConflict(pool, at, service) is null)
                {
                    best = at.Ordinal;
                }
            }
        }

        return best is { } ordinal ? new Placement(family, ordinal) : null;
    }

    /// <summary>MetalLB's sharing rule for one address; null when the Service may use it.</summary>
    private static string? SharingConflict(PoolState pool, Placement at, ServiceProfile service)
    {
        var cell = pool.CellAt(at);
        if (cell.IsFree)
        {
            return null;
        }

        if (cell.Shared is not { } use)
        {
            return string.Equals(cell.Sole, service.Key, StringComparison.Ordinal)
                ? null
                : $"address {pool.AddressAt(at)} is in use by {cell.Sole}, which does not allow sharing";
        }

        if (use.IsSoleHolder(service.Key))
        {
            return null;
        }

        var address = pool.AddressAt(at);
        var others = string.Join(",", use.Holders.Where(s => s != service.Key));
        if (service.SharingKey.Length == 0)
        {
            return $"address {address} is in use by {others} and this service does not allow sharing";
        }

        if (use.SharingKey != service.SharingKey)
        {
            return $"sharing key \"{service.SharingKey}\" does not match existing sharing key \"{use.SharingKey}\" of {others} on {address}";
        }

        if (use.BackendKey != service.BackendKey)
        {
            return $"backend key \"{service.BackendKey}\" does not match existing backend key \"{use.BackendKey}\" of {others} on {address}";
        }

        foreach (var port in service.Ports)
        {
            if (use.Ports.TryGetValue(port, out var holder) && holder != service.Key)
            {
                return $"port {port} is already in use on \"{address}\" by {holder}";
            }
        }

        return null;
    }

    private void AddUse(PoolState pool, Placement at, ServiceProfile profile)
    {
        var space = pool.Space(at.Family);
        var cell = space.Cells.Read(at.Ordinal);
        if (cell.IsFree)
        {
            space.Take(at.Ordinal);
            if (at.Family == IpFamily.IPv4)
            {
                pool.InUseV4++;
            }
            else
            {
                pool.InUseV6++;
            }

            if (profile.SharingKey.Length == 0)
            {
                space.Cells.Write(at.Ordinal, new AddressCell(profile.Key, null));
                return;
            }

            var created = new SharedAddress(pool, at, profile.SharingKey, profile.BackendKey);
            if (!bySharingKey.TryGetValue(created.SharingKey, out var set))
            {
                bySharingKey[created.SharingKey] = set = [];
            }

            set.Add(created);
            cell = new AddressCell(null, created);
            space.Cells.Write(at.Ordinal, cell);
        }

        // Joining an address is only possible under the same sharing key (SharingConflict checked it).
        var use = cell.Shared ?? throw new InvalidOperationException($"address {pool.AddressAt(at)} is held by {cell.Sole} and may not be shared");
        use.BackendKey = profile.BackendKey;
        use.AddHolder(profile.Key);
        foreach (var port in profile.Ports)
        {
            use.Ports[port] = profile.Key;
        }
    }

    private bool ReleaseLocked(string serviceKey, bool countAsFreed = true)
    {
        if (!holdings.Remove(serviceKey, out var holding))
        {
            return false;
        }

        var pool = holding.Pool;
        for (var i = 0; i < holding.Count; i++)
        {
            var at = holding[i];
            var space = pool.Space(at.Family);
            var cell = space.Cells.Read(at.Ordinal);
            if (cell.Shared is { } use)
            {
                use.RemoveHolder(serviceKey);
                foreach (var port in holding.Profile.Ports)
                {
                    if (use.Ports.TryGetValue(port, out var holder) && holder == serviceKey)
                    {
                        use.Ports.Remove(port);
                    }
                }

                if (use.Holders.Count > 0)
                {
                    continue;
                }

                if (bySharingKey.TryGetValue(use.SharingKey, out var set))
                {
                    set.Remove(use);
                    if (set.Count == 0)
                    {
                        bySharingKey.Remove(use.SharingKey);
                    }
                }
            }
            else if (!string.Equals(cell.Sole, serviceKey, StringComparison.Ordinal))
            {
                continue;
            }

            space.Cells.Write(at.Ordinal, default);
            space.Return(at.Ordinal);
            if (at.Family == IpFamily.IPv4)
            {
                pool.InUseV4--;
            }
            else
            {
                pool.InUseV6--;
            }
        }

        if (countAsFreed)
        {
            capacityVersion++;
        }

        return true;
    }

    /// <summary>The positions of one or two addresses in a pool that owns them.</summary>
    private static bool TryPlaceAll(PoolState pool, IReadOnlyList<NetAddress> addresses, out Placement first, out Placement second)
    {
        second = default;
        return pool.TryPlace(addresses[0], out first) && (addresses.Count < 2 || pool.TryPlace(addresses[1], out second));
    }

    private PoolState? OwnerOf(IReadOnlyList<NetAddress> addresses)
    {
        foreach (var pool in pools.Values)
        {
            var ownsAll = true;
            foreach (var address in addresses)
            {
                ownsAll &= pool.Definition.Owns(address);
            }

            if (ownsAll)
            {
                return pool;
            }
        }

        return null;
    }

    private static bool CanEverServe(PoolState pool, FamilyRequirement families) => families.Mode switch
    {
        FamilyMode.Single => pool.Space(families.Primary).Capacity > 0,
        FamilyMode.RequireDual => pool.V4.Capacity > 0 && pool.V6.Capacity > 0,
        _ => pool.V4.Capacity > 0 || pool.V6.Capacity > 0,
    };

    private static PoolCounters CountersOf(PoolState pool) => new(
        pool.InUseV4,
        pool.InUseV6,
        Saturate(pool.V4.Capacity) - pool.InUseV4,
        Saturate(pool.V6.Capacity) == long.MaxValue ? long.MaxValue : Saturate(pool.V6.Capacity) - pool.InUseV6);

    private static long Saturate(UInt128 value) => value > long.MaxValue ? long.MaxValue : (long)value;

    private static string Quote(IReadOnlyList<NetAddress> addresses) =>
        "[" + string.Join(" ", addresses.Select(a => $"\"{a}\"")) + "]";
}
