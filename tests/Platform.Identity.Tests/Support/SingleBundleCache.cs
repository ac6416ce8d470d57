using k8s.Models;
using Platform.Operator.Abstractions.Cache;

namespace Platform.Identity.Tests.Support;

/// <summary>An informer cache view holding at most one ClusterTrustBundle, set by the test.</summary>
internal sealed class SingleBundleCache : IEntityCache<V1ClusterTrustBundle>
{
    public V1ClusterTrustBundle? Bundle { get; set; }

    public bool HasSynced => true;

    public Task WaitForSyncAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public V1ClusterTrustBundle? Get(string? @namespace, string name) => Bundle?.Metadata.Name == name ? Bundle : null;

    public IReadOnlyList<V1ClusterTrustBundle> List(string? @namespace = null) => Bundle is null ? [] : [Bundle];

    public IReadOnlyList<V1ClusterTrustBundle> ByIndex(string indexName, string value) => [];
}
