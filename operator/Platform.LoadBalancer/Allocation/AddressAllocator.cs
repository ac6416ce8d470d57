using Platform.LoadBalancer.Addressing;

namespace Platform.LoadBalancer.Allocation;

/// <summary>
/// Gives Services addresses from pools with MetalLB's semantics, deterministically: pools tried by
/// serviceAllocation priority (lower first, 0 last) then name; inside a pool the lowest free address in the
/// order the pool lists its entries — or, with a sharing key, a lower address already held by a compatible
/// Service (MetalLB packs shared Services). O(log n) per allocation.
/// Thread-safe: every public member takes one lock, so the reconciler and a metrics scrape may overlap.
/// Pure: no I/O, no clock; the state is rebuilt from Service status on start.
/// </summary>
public sealed class AddressAllocator
{
    private readonly Lock gate = new();
    private readonly SortedDictionary<string, PoolState> pools = new(StringComparer.Ordinal);
    private readonly Dictionary<NetAddress, AddressUse> uses = [];
    private readonly Dictionary<string, ServiceHolding> holdings = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<NetAddress>> bySharingKey = new(StringComparer.Ordinal);
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

            pools.Clear();
            uses.Clear();
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
            foreach (var (service, holding) in holdings.OrderBy(h => h.Key, StringComparer.Ordinal).ToList())
            {
                var owner = OwnerOf(holding.Addresses);
                if (owner is null)
                {
                    holdings.Remove(service);
                    dropped.Add((service, holding.Addresses));
                    continue;
                }

                if (owner.Definition.Name != holding.Pool)
                {
                    rehomed.Add((service, holding.Pool, owner.Definition.Name));
                }

                var moved = holding with { Pool = owner.Definition.Name };
                holdings[service] = moved;
                foreach (var address in moved.Addresses)
                {
                    AddUse(owner, address, service, moved.Profile);
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
                return AssignLocked(service, existing.Addresses);
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
                if (existing.Pool != poolName)
                {
                    return AllocationOutcome.Failure(AllocationError.NotInRequestedPool, $"the service holds addresses of pool \"{existing.Pool}\", not \"{poolName}\"");
                }

                return AssignLocked(service, existing.Addresses);
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
            if (!holdings.TryGetValue(service.Key, out var existing) || existing.Addresses.Count != 1)
            {
                return AllocationOutcome.Failure(AllocationError.WrongFamily, "the service does not hold exactly one address");
            }

            if (!pools.TryGetValue(existing.Pool, out var pool))
            {
                return AllocationOutcome.Failure(AllocationError.UnknownPool, $"unknown pool \"{existing.Pool}\"");
            }

            var kept = existing.Addresses[0];
            var other = kept.Family == IpFamily.IPv4 ? IpFamily.IPv6 : IpFamily.IPv4;
            if (FindCandidate(pool, other, service) is not { } extra)
            {
                return AllocationOutcome.Failure(AllocationError.PoolExhausted, $"no available {other} address in pool \"{pool.Definition.Name}\"");
            }

            return AssignLocked(service, [kept, extra]);
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
            return holdings.TryGetValue(serviceKey, out var h) ? new HeldAddresses(h.Pool, h.Addresses) : null;
        }
    }

    /// <summary>The Services holding an address (empty when free).</summary>
    public IReadOnlyList<string> HoldersOf(NetAddress address)
    {
        lock (gate)
        {
            return uses.TryGetValue(address, out var use) ? [.. use.Holders] : [];
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
            return [.. pool.UsedAddresses().Take(Math.Max(0, max)).Select(a => (a, (IReadOnlyList<string>)[.. uses[a].Holders]))];
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
        if (owner is null)
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

        foreach (var address in addresses)
        {
            if (SharingConflict(address, service) is { } conflict)
            {
                return AllocationOutcome.Failure(AllocationError.AddressInUse, conflict);
            }
        }

        ReleaseLocked(service.Key, countAsFreed: false);
        var held = new ServiceHolding(owner.Definition.Name, [.. addresses], service);
        holdings[service.Key] = held;
        foreach (var address in held.Addresses)
        {
            AddUse(owner, address, service.Key, service);
        }

        return AllocationOutcome.Success(owner.Definition.Name, held.Addresses);
    }

    /// <summary>The first pool in order that admits the Service and satisfies MetalLB's family rules.</summary>
    private AllocationOutcome? AllocateFrom(PoolState[] candidates, ServiceProfile service, FamilyRequirement families)
    {
        PoolState? primaryOnly = null;
        PoolState? secondaryOnly = null;
        NetAddress? primaryAddress = null;
        NetAddress? secondaryAddress = null;
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
                    return AssignLocked(service, [only]);
                }

                continue;
            }

            var secondary = FindCandidate(pool, families.Secondary, service);
            if (primary is not null && secondary is not null)
            {
                // Auto-allocated dual-stack ingress is always [IPv4, IPv6], as MetalLB writes it.
                var v4 = families.Primary == IpFamily.IPv4 ? primary.Value : secondary.Value;
                var v6 = families.Primary == IpFamily.IPv4 ? secondary.Value : primary.Value;
                return AssignLocked(service, [v4, v6]);
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
            return AssignLocked(service, [p]);
        }

        return secondaryAddress is { } s ? AssignLocked(service, [s]) : null;
    }

    /// <summary>
    /// The first address of a family in the pool's allocation order that the Service may take: the lowest
    /// free one, unless an address earlier in the order is already held by Services it may share with.
    /// </summary>
    private NetAddress? FindCandidate(PoolState pool, IpFamily family, ServiceProfile service)
    {
        var space = pool.Space(family);
        UInt128? best = space.TryLowestFree(out var lowest) ? lowest : null;
        if (service.SharingKey.Length > 0 && bySharingKey.TryGetValue(service.SharingKey, out var shared))
        {
            foreach (var address in shared)
            {
                var use = uses[address];
                if (use.Pool != pool.Definition.Name || address.Family != family || (best is { } b && use.Ordinal >= b))
                {
                    continue;
                }

                if (SharingConflict(address, service) is null)
                {
                    best = use.Ordinal;
                }
            }
        }

        return best is { } ordinal ? space.AddressAt(ordinal) : null;
    }

    /// <summary>MetalLB's sharing rule for one address; null when the Service may use it.</summary>
    private string? SharingConflict(NetAddress address, ServiceProfile service)
    {
        if (!uses.TryGetValue(address, out var use))
        {
            return null;
        }

        if (use.HolderCount == 0 || use.IsSoleHolder(service.Key))
        {
            return null;
        }

        var others = use.Holders.Where(s => s != service.Key).ToList();

        if (use.SharingKey.Length == 0)
        {
            return $"address {address} is in use by {string.Join(",", others)}, which does not allow sharing";
        }

        if (service.SharingKey.Length == 0)
        {
            return $"address {address} is in use by {string.Join(",", others)} and this service does not allow sharing";
        }

        if (use.SharingKey != service.SharingKey)
        {
            return $"sharing key \"{service.SharingKey}\" does not match existing sharing key \"{use.SharingKey}\" of {string.Join(",", others)} on {address}";
        }

        if (use.BackendKey != service.BackendKey)
        {
            return $"backend key \"{service.BackendKey}\" does not match existing backend key \"{use.BackendKey}\" of {string.Join(",", others)} on {address}";
        }

        foreach (var port in service.Ports)
        {
            if (use.HasPorts && use.Ports.TryGetValue(port, out var holder) && holder != service.Key)
            {
                return $"port {port} is already in use on \"{address}\" by {holder}";
            }
        }

        return null;
    }

    private void AddUse(PoolState pool, NetAddress address, string serviceKey, ServiceProfile profile)
    {
        if (!uses.TryGetValue(address, out var use))
        {
            pool.Space(address.Family).TryGetOrdinal(address, out var ordinal);
            pool.Space(address.Family).Take(ordinal);
            use = new AddressUse(address, pool.Definition.Name, ordinal);
            uses[address] = use;
            if (address.Family == IpFamily.IPv4)
            {
                pool.InUseV4++;
            }
            else
            {
                pool.InUseV6++;
            }
        }

        if (use.SharingKey.Length > 0 && bySharingKey.TryGetValue(use.SharingKey, out var oldSet))
        {
            oldSet.Remove(address);
        }

        use.SharingKey = profile.SharingKey;
        use.BackendKey = profile.BackendKey;
        if (use.SharingKey.Length > 0)
        {
            if (!bySharingKey.TryGetValue(use.SharingKey, out var set))
            {
                bySharingKey[use.SharingKey] = set = [];
            }

            set.Add(address);
        }

        use.AddService(serviceKey);

        // Ports matter only to another Service asking to share; without a sharing key nobody may.
        if (use.SharingKey.Length > 0)
        {
            foreach (var port in profile.Ports)
            {
                use.Ports[port] = serviceKey;
            }
        }
    }

    private bool ReleaseLocked(string serviceKey, bool countAsFreed = true)
    {
        if (!holdings.Remove(serviceKey, out var holding))
        {
            return false;
        }

        foreach (var address in holding.Addresses)
        {
            if (!uses.TryGetValue(address, out var use))
            {
                continue;
            }

            use.RemoveService(serviceKey);
            foreach (var port in holding.Profile.Ports)
            {
                if (use.HasPorts && use.Ports.TryGetValue(port, out var holder) && holder == serviceKey)
                {
                    use.Ports.Remove(port);
                }
            }

            if (use.HolderCount > 0)
            {
                continue;
            }

            uses.Remove(address);
            if (use.SharingKey.Length > 0 && bySharingKey.TryGetValue(use.SharingKey, out var set))
            {
                set.Remove(address);
                if (set.Count == 0)
                {
                    bySharingKey.Remove(use.SharingKey);
                }
            }

            if (pools.TryGetValue(use.Pool, out var pool))
            {
                pool.Space(address.Family).Return(use.Ordinal);
                if (address.Family == IpFamily.IPv4)
                {
                    pool.InUseV4--;
                }
                else
                {
                    pool.InUseV6--;
                }
            }
        }

        if (countAsFreed)
        {
            capacityVersion++;
        }

        return true;
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
