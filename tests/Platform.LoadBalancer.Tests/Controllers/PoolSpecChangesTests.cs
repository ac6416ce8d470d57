using k8s.Models;
using Platform.Crds.MetalLB;
using Platform.LoadBalancer.Controllers;
using Platform.Operator.Abstractions.Cache;

namespace Platform.LoadBalancer.Tests.Controllers;

public sealed class PoolSpecChangesTests
{
    [Fact]
    public void Only_first_sightings_new_generations_and_deletions_count_as_changes()
    {
        var cache = new OnePoolCache();
        var changes = new PoolSpecChanges(cache);
        var pool = Pool(generation: 1);
        cache.Pool = pool;

        Assert.True(changes.Changed(pool));                  // first sighting
        Assert.False(changes.Changed(Pool(generation: 1)));  // status-only write: same generation
        Assert.True(changes.Changed(Pool(generation: 2)));   // spec changed
        Assert.False(changes.Changed(Pool(generation: 1)));  // the previous object of that update is not news

        cache.Pool = null;                                   // deleted: gone from the cache
        Assert.True(changes.Changed(Pool(generation: 2)));
    }

    private static IPAddressPool Pool(long generation) => new()
    {
        Metadata = new V1ObjectMeta { Name = "p", NamespaceProperty = "metallb-system", Uid = "u-1", Generation = generation },
    };

    private sealed class OnePoolCache : IEntityCache<IPAddressPool>
    {
        public IPAddressPool? Pool { get; set; }

        public bool HasSynced => true;

        public Task WaitForSyncAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public IPAddressPool? Get(string? @namespace, string name) => Pool;

        public IReadOnlyList<IPAddressPool> List(string? @namespace = null) => Pool is null ? [] : [Pool];

        public IReadOnlyList<IPAddressPool> ByIndex(string indexName, string value) => [];
    }
}
