using BenchmarkDotNet.Attributes;
using Platform.Crds.MetalLB;
using Platform.LoadBalancer.Allocation;

namespace Platform.Benchmarks.LoadBalancer;

/// <summary>
/// Address allocation cost against the number of Services: filling a pool from empty (average cost per
/// allocation = mean / N) and allocate+release churn while N Services hold addresses (marginal cost at occupancy N).
/// The pool is an IPv4 /16 or an IPv6 /112; both hold 65,536 addresses, so for 100k Services the pool gets
/// a second /16 (/112) — still one pool, walked in written order. Target: cost at 100k within 2x of 1k.
/// FillFromEmpty is the allocation rate while filling up to N Services; AllocateAtOccupancy is one allocation for a
/// new Service while N hold addresses (and its release, to keep N). ChurnAtOccupancy is harsher: it releases a
/// Service picked at random among N (its profile, key and table entry are cold in cache) and allocates it again,
/// so at 100k it mostly measures memory latency along that chain of lookups.
/// </summary>
/// <remarks>Run: dotnet run -c Release --project tests/Platform.Benchmarks -- --filter '*AddressAllocation*' --job short</remarks>
[MemoryDiagnoser]
public class AddressAllocationBenchmarks
{
    private ServiceProfile[] _profiles = [];
    private ServiceProfile[] _newcomers = [];
    private AddressPoolDefinition _pool = null!;
    private AddressAllocator _occupied = null!;
    private FamilyRequirement _family;
    private int _next;
    private int _newcomer;

    [Params(1_000, 10_000, 100_000)]
    public int Services { get; set; }

    [Params("IPv4/16", "IPv6/112")]
    public string Pool { get; set; } = "IPv4/16";

    [GlobalSetup]
    public void Setup()
    {
        var ipv4 = Pool.StartsWith("IPv4", StringComparison.Ordinal);
        List<string> addresses = ipv4 ? ["10.0.0.0/16"] : ["2001:db8::/112"];
        if (Services > 65_536)
        {
            addresses.Add(ipv4 ? "10.1.0.0/16" : "2001:db8::1:0/112");
        }

        var spec = new IPAddressPool { Metadata = new() { Name = "bench", NamespaceProperty = "metallb-system" }, Spec = new() { Addresses = addresses } };
        if (!AddressPoolDefinition.TryCompile(spec, out var definition, out var errors))
        {
            throw new InvalidOperationException(string.Join("; ", errors));
        }

        _pool = definition!;
        _family = ipv4 ? FamilyRequirement.IPv4 : FamilyRequirement.IPv6;
        _profiles = [.. Enumerable.Range(0, Services).Select(i => ServiceProfile.Simple($"ns-{i % 50}", $"svc-{i}"))];

        _newcomers = [.. Enumerable.Range(0, 64).Select(i => ServiceProfile.Simple("newcomers", $"svc-{i}"))];
        _occupied = new AddressAllocator();
        _occupied.SetPools([_pool]);
        foreach (var profile in _profiles)
        {
            _occupied.Allocate(profile, _family);
        }
    }

    /// <summary>N Services allocated into an empty pool (divide the mean by N for the average per allocation).</summary>
    [Benchmark]
    public int FillFromEmpty()
    {
        var allocator = new AddressAllocator();
        allocator.SetPools([_pool]);
        var held = 0;
        foreach (var profile in _profiles)
        {
            held += allocator.Allocate(profile, _family).Addresses.Count;
        }

        return held;
    }

    /// <summary>One release and one allocation while N Services hold addresses.</summary>
    [Benchmark]
    public int ChurnAtOccupancy()
    {
        var profile = _profiles[_next];
        _next = (_next + 7919) % _profiles.Length;
        _occupied.Release(profile.Key);
        return _occupied.Allocate(profile, _family).Addresses.Count;
    }

    /// <summary>A new Service allocated (and released again) while N Services hold addresses.</summary>
    [Benchmark]
    public int AllocateAtOccupancy()
    {
        var profile = _newcomers[_newcomer++ & 63];
        var held = _occupied.Allocate(profile, _family).Addresses.Count;
        _occupied.Release(profile.Key);
        return held;
    }
}
