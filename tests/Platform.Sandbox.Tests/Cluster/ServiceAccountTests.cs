using System.Net;
using k8s;
using k8s.Autorest;
using Platform.Testing.Polling;

namespace Platform.Sandbox.Tests.Cluster;

public sealed class ServiceAccountTests : IClassFixture<ClusterFixture>
{
    private readonly ClusterFixture _fixture;

    public ServiceAccountTests(ClusterFixture fixture) => _fixture = fixture;

    [Fact]
    public async Task Every_namespace_has_a_default_service_account_and_a_deleted_one_comes_back()
    {
        var ns = await _fixture.NamespaceAsync("sa");
        var first = await Eventually.GetAsync(() => ReadDefaultAsync(ns), "default service account");

        await _fixture.Client.CoreV1.DeleteNamespacedServiceAccountAsync("default", ns);

        var recreated = await Eventually.GetAsync(async () => await ReadDefaultAsync(ns) is { } sa && sa.Metadata.Uid != first.Metadata.Uid ? sa : null,
            "a recreated default service account");
        Assert.Equal("default", recreated.Metadata.Name);
    }

    private async Task<k8s.Models.V1ServiceAccount?> ReadDefaultAsync(string ns)
    {
        try
        {
            return await _fixture.Client.CoreV1.ReadNamespacedServiceAccountAsync("default", ns);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }
}
