using Platform.LoadBalancer.Allocation;
using static Platform.LoadBalancer.Tests.PoolFactory;

namespace Platform.LoadBalancer.Tests.Allocation;

public class AddressAllocatorConcurrencyTests
{
    [Fact]
    public async Task Concurrent_callers_never_get_one_address_twice()
    {
        var allocator = Allocator(Define("pool", ["10.0.0.0/22"]));
        var workers = Enumerable.Range(0, 4).Select(w => Task.Run(() =>
        {
            for (var i = 0; i < 2_000; i++)
            {
                var profile = ServiceProfile.Simple($"w{w}", $"s{i % 150}");
                if (i % 3 == 2)
                {
                    allocator.Release(profile.Key);
                }
                else
                {
                    allocator.Allocate(profile, FamilyRequirement.IPv4);
                }

                _ = allocator.MetricSamples();
            }
        })).ToArray();
        await Task.WhenAll(workers);

        var held = Enumerable.Range(0, 4)
            .SelectMany(w => Enumerable.Range(0, 150).Select(i => allocator.HeldBy($"w{w}/s{i}")))
            .OfType<HeldAddresses>()
            .SelectMany(h => h.Addresses)
            .ToList();
        Assert.Equal(held.Count, held.Distinct().Count());
        Assert.Equal(held.Count, allocator.Counters("pool").AssignedIPv4);
        Assert.Equal(1024 - held.Count, allocator.Counters("pool").AvailableIPv4);
    }
}
