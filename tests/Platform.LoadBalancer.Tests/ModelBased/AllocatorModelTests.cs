using Platform.Crds.MetalLB;
using Platform.LoadBalancer.Addressing;
using Platform.LoadBalancer.Allocation;
using static Platform.LoadBalancer.Tests.PoolFactory;

namespace Platform.LoadBalancer.Tests.ModelBased;

/// <summary>
/// Thousands of seeded random operation sequences against the real allocator and a naive reference model.
/// After every step: the allocator's choice equals the model's lowest-usable choice; no address is held by
/// two Services that may not share; every held address lies in a pool that owns it and admits the Service;
/// the counters equal a recount.
/// </summary>
public class AllocatorModelTests
{
    private const int Sequences = 2000;
    private const int StepsPerSequence = 40;

    // Disjoint address slots; a pool is a random set of slots, so pools never overlap.
    private static readonly string[] Slots =
    [
        "10.0.0.0/29", "10.0.0.250-10.0.1.3", "10.0.2.8/30", "10.0.3.252/30", "10.0.4.1-10.0.4.6",
        "2001:db8::/126", "2001:db8:1::-2001:db8:1::5", "2001:db8:2::/125",
    ];

    private static readonly string[] Namespaces = ["a", "b", "c"];
    private static readonly string[] SharingKeys = ["", "", "k1", "k2"];
    private static readonly string[] Backends = ["", "", "app=x"];
    private static readonly ServicePortKey[] PortChoices = [new("TCP", 80), new("TCP", 443), new("UDP", 53), new("TCP", 53)];

    [Fact]
    public void Allocator_agrees_with_the_reference_model_and_keeps_its_invariants()
    {
        var operations = 0;
        for (var seed = 0; seed < Sequences; seed++)
        {
            operations += RunSequence(seed);
        }

        Assert.True(operations >= Sequences * StepsPerSequence);
    }

    private static int RunSequence(int seed)
    {
        var random = new Random(seed);
        var real = new AddressAllocator();
        var model = new ReferenceAllocator();
        var pools = RandomPools(random);
        real.SetPools(pools);
        model.SetPools(pools);
        var services = new Dictionary<string, ServiceProfile>();
        var nextId = 0;

        for (var step = 0; step < StepsPerSequence; step++)
        {
            var where = $"seed {seed}, step {step}";
            var roll = random.Next(100);
            if (roll < 45 || services.Count == 0)
            {
                var profile = RandomProfile(random, $"svc{nextId++}");
                services[profile.Key] = profile;
                Request(random, real, model, profile, where);
            }
            else if (roll < 60)
            {
                var key = Pick(random, services.Keys);
                services.Remove(key);
                real.Release(key);
                model.Release(key);
            }
            else if (roll < 80)
            {
                // Update: new sharing key/backend/ports/labels; reconcile re-claims or starts over.
                var key = Pick(random, services.Keys);
                var updated = RandomProfile(random, key.Split('/')[1], services[key].Namespace);
                services[key] = updated;
                Reconcile(real, model, updated, where);
            }
            else
            {
                pools = MutatePools(random, pools);
                real.SetPools(pools);
                model.SetPools(pools);
                foreach (var profile in services.Values.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    Reconcile(real, model, profile, where);
                }
            }

            CheckInvariants(real, model, services, pools, where);
        }

        return StepsPerSequence;
    }

    private static void Request(Random random, AddressAllocator real, ReferenceAllocator model, ServiceProfile profile, string where)
    {
        var families = RandomFamilies(random);
        var kind = random.Next(10);
        if (kind < 6)
        {
            Compare(real.Allocate(profile, families), model.Allocate(profile, families, null), where + " allocate");
        }
        else if (kind < 8)
        {
            var pool = random.Next(5) == 0 ? "missing" : $"p{random.Next(4)}";
            Compare(real.AllocateFromPool(profile, families, pool), model.Allocate(profile, families, pool), where + $" allocate from {pool}");
        }
        else
        {
            List<NetAddress> wanted = [RandomAddress(random, IpFamily.IPv4)];
            if (random.Next(3) == 0)
            {
                wanted.Add(RandomAddress(random, IpFamily.IPv6));
            }

            Compare(real.Assign(profile, wanted), model.Assign(profile, wanted), where + $" assign {string.Join(",", wanted)}");
        }
    }

    private static void Reconcile(AddressAllocator real, ReferenceAllocator model, ServiceProfile profile, string where)
    {
        var held = real.HeldBy(profile.Key);
        if (held is null)
        {
            return;
        }

        var realKeep = real.Assign(profile, held.Addresses);
        var modelKeep = model.Assign(profile, [.. held.Addresses]);
        Compare(realKeep, modelKeep, where + " re-claim");
        if (!realKeep.Succeeded)
        {
            real.Release(profile.Key);
            model.Release(profile.Key);
            var families = held.Addresses.Count == 2 ? new FamilyRequirement(FamilyMode.RequireDual, IpFamily.IPv4) : new FamilyRequirement(FamilyMode.Single, held.Addresses[0].Family);
            Compare(real.Allocate(profile, families), model.Allocate(profile, families, null), where + " re-allocate");
        }

    }

    private static void Compare(AllocationOutcome real, List<NetAddress>? expected, string where)
    {
        if (expected is null)
        {
            Assert.False(real.Succeeded, $"{where}: allocator gave [{string.Join(",", real.Addresses)}], model refused");
            Assert.NotEqual(AllocationError.None, real.Error);
            Assert.False(string.IsNullOrEmpty(real.Message), where);
            return;
        }

        Assert.True(real.Succeeded, $"{where}: allocator failed ({real.Error}: {real.Message}), model gave [{string.Join(",", expected)}]");
        Assert.True(expected.SequenceEqual(real.Addresses), $"{where}: allocator gave [{string.Join(",", real.Addresses)}], model [{string.Join(",", expected)}]");
    }

    private static void CheckInvariants(AddressAllocator real, ReferenceAllocator model, Dictionary<string, ServiceProfile> services, List<AddressPoolDefinition> pools, string where)
    {
        var holders = new Dictionary<NetAddress, List<ServiceProfile>>();
        foreach (var profile in services.Values)
        {
            var held = real.HeldBy(profile.Key);
            model.Holdings.TryGetValue(profile.Key, out var modelHeld);
            Assert.True((held is null) == (modelHeld.Addresses is null), $"{where}: {profile.Key} holding differs");
            if (held is null)
            {
                continue;
            }

            Assert.Equal(modelHeld.Addresses, held.Addresses);
            var pool = pools.Single(p => p.Name == held.Pool);
            Assert.True(held.Addresses.All(pool.Owns), $"{where}: {profile.Key} holds an address its pool does not own");
            Assert.True(pool.Admits(profile), $"{where}: {profile.Key} holds an address of pool {pool.Name}, which does not admit it");
            foreach (var address in held.Addresses)
            {
                if (!holders.TryGetValue(address, out var list))
                {
                    holders[address] = list = [];
                }

                list.Add(profile);
            }
        }

        foreach (var (address, list) in holders)
        {
            for (var i = 0; i < list.Count; i++)
            {
                for (var j = i + 1; j < list.Count; j++)
                {
                    Assert.True(ReferenceAllocator.MayShare(list[i], list[j]), $"{where}: {address} held by {list[i].Key} and {list[j].Key}, which may not share");
                }
            }

            Assert.Equal(list.Select(p => p.Key).Order(StringComparer.Ordinal), real.HoldersOf(address));
        }

        foreach (var pool in pools)
        {
            var counters = real.Counters(pool.Name);
            var v4 = holders.Keys.Count(a => a.Family == IpFamily.IPv4 && pool.Owns(a));
            var v6 = holders.Keys.Count(a => a.Family == IpFamily.IPv6 && pool.Owns(a));
            var capacity4 = pool.Blocks.Where(b => b.Family == IpFamily.IPv4).Aggregate(UInt128.Zero, (s, b) => s + b.UsableCount(pool.AvoidBuggyIPs));
            Assert.Equal(v4, counters.AssignedIPv4);
            Assert.Equal(v6, counters.AssignedIPv6);
            Assert.Equal((long)capacity4 - v4, counters.AvailableIPv4);
        }
    }

    private static List<AddressPoolDefinition> RandomPools(Random random)
    {
        var owner = new int[Slots.Length];
        for (var i = 0; i < owner.Length; i++)
        {
            owner[i] = random.Next(5); // 4 = unused
        }

        var result = new List<AddressPoolDefinition>();
        for (var p = 0; p < 4; p++)
        {
            var mine = Enumerable.Range(0, Slots.Length).Where(i => owner[i] == p).Select(i => Slots[i]).ToList();
            if (mine.Count == 0)
            {
                continue;
            }

            // Keep the written order random: allocation must follow it.
            mine = [.. mine.OrderBy(_ => random.Next())];
            ServiceAllocation? allocation = random.Next(3) switch
            {
                0 => null,
                1 => new ServiceAllocation { Priority = random.Next(3), Namespaces = random.Next(2) == 0 ? null : [Namespaces[random.Next(3)]] },
                _ => new ServiceAllocation
                {
                    Priority = random.Next(3),
                    ServiceSelectors = [new k8s.Models.V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["tier"] = random.Next(2) == 0 ? "web" : "db" } }],
                },
            };
            result.Add(Define($"p{p}", mine, autoAssign: random.Next(4) == 0 ? false : null, avoidBuggyIPs: random.Next(3) == 0, allocation: allocation));
        }

        return result;
    }

    private static List<AddressPoolDefinition> MutatePools(Random random, List<AddressPoolDefinition> pools) =>
        random.Next(4) == 0 ? [] : RandomPools(random);

    private static ServiceProfile RandomProfile(Random random, string name, string? ns = null)
    {
        ns ??= Namespaces[random.Next(Namespaces.Length)];
        var labels = new Dictionary<string, string>();
        if (random.Next(2) == 0)
        {
            labels["tier"] = random.Next(2) == 0 ? "web" : "db";
        }

        var ports = PortChoices.Where(_ => random.Next(3) == 0).ToList();
        if (ports.Count == 0)
        {
            ports.Add(PortChoices[random.Next(PortChoices.Length)]);
        }

        return new ServiceProfile($"{ns}/{name}", ns, labels, new Dictionary<string, string>(), SharingKeys[random.Next(SharingKeys.Length)], Backends[random.Next(Backends.Length)], ports);
    }

    private static FamilyRequirement RandomFamilies(Random random) => random.Next(6) switch
    {
        0 or 1 or 2 => FamilyRequirement.IPv4,
        3 => FamilyRequirement.IPv6,
        4 => new FamilyRequirement(FamilyMode.RequireDual, random.Next(2) == 0 ? IpFamily.IPv4 : IpFamily.IPv6),
        _ => new FamilyRequirement(FamilyMode.PreferDual, random.Next(2) == 0 ? IpFamily.IPv4 : IpFamily.IPv6),
    };

    private static NetAddress RandomAddress(Random random, IpFamily family)
    {
        var candidates = Slots.Select(s =>
        {
            Assert.True(AddressParser.TryParseBlock(s, out var b, out _));
            return b;
        }).Where(b => b.Family == family).ToList();
        var block = candidates[random.Next(candidates.Count)];

        // Mostly inside a slot, sometimes just outside it.
        var offset = (UInt128)random.Next(0, (int)(block.Last - block.First) + 3);
        return new NetAddress(family, block.First + offset);
    }

    private static string Pick(Random random, IEnumerable<string> keys)
    {
        var list = keys.Order(StringComparer.Ordinal).ToList();
        return list[random.Next(list.Count)];
    }
}
