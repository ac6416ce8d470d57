using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Platform.Testing.Polling;

namespace Platform.Sandbox.Tests.Cluster;

/// <summary>Everything that deletes pods still completes now that bound pods terminate gracefully through their kubelet.</summary>
public sealed class PodDeletionCompletionTests : IClassFixture<ClusterFixture>
{
    private readonly ClusterFixture _fixture;

    public PodDeletionCompletionTests(ClusterFixture fixture) => _fixture = fixture;

    private IKubernetes Client => _fixture.Client;

    private async Task RunningPodsAsync(string ns, params V1Pod[] pods)
    {
        foreach (var pod in pods)
        {
            await Client.CoreV1.CreateNamespacedPodAsync(pod, ns);
        }

        await Eventually.TrueAsync(async () => (await Client.CoreV1.ListNamespacedPodAsync(ns)).Items.Count(PodBuilder.IsReady) == pods.Length, "pods ready");
    }

    [Fact]
    public async Task Deleting_a_namespace_with_running_pods_completes()
    {
        var ns = await _fixture.NamespaceAsync("nsdel");
        await RunningPodsAsync(ns, PodBuilder.Pod("a"), PodBuilder.Pod("b"));

        await Client.CoreV1.DeleteNamespaceAsync(ns);

        await Eventually.TrueAsync(async () =>
        {
            try
            {
                await Client.CoreV1.ReadNamespaceAsync(ns);
                return false;
            }
            catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
            {
                return true;
            }
        }, "namespace removed");
    }

    [Fact]
    public async Task Garbage_collection_removes_running_pods_of_a_deleted_owner_in_background_and_foreground()
    {
        var ns = await _fixture.NamespaceAsync("gc");
        var background = await Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "owner-bg" } }, ns);
        var foreground = await Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "owner-fg" } }, ns);
        V1Pod Owned(string name, V1ConfigMap owner)
        {
            var pod = PodBuilder.Pod(name);
            pod.Metadata.OwnerReferences = [new V1OwnerReference { ApiVersion = "v1", Kind = "ConfigMap", Name = owner.Metadata.Name, Uid = owner.Metadata.Uid, BlockOwnerDeletion = true }];
            return pod;
        }

        await RunningPodsAsync(ns, Owned("dep-bg", background), Owned("dep-fg", foreground));

        await Client.CoreV1.DeleteNamespacedConfigMapAsync("owner-bg", ns, new V1DeleteOptions { PropagationPolicy = "Background" });
        await Client.CoreV1.DeleteNamespacedConfigMapAsync("owner-fg", ns, new V1DeleteOptions { PropagationPolicy = "Foreground" });

        await Eventually.TrueAsync(async () =>
            (await Client.CoreV1.ListNamespacedPodAsync(ns)).Items.Count == 0 && (await Client.CoreV1.ListNamespacedConfigMapAsync(ns)).Items.Count == 0,
            "owners and dependents removed");
    }

    [Fact]
    public async Task Delete_collection_removes_every_running_pod()
    {
        var ns = await _fixture.NamespaceAsync("coll");
        await RunningPodsAsync(ns, PodBuilder.Pod("x"), PodBuilder.Pod("y"), PodBuilder.Pod("z"));

        await Client.CoreV1.DeleteCollectionNamespacedPodAsync(ns);

        await Eventually.TrueAsync(async () => (await Client.CoreV1.ListNamespacedPodAsync(ns)).Items.Count == 0, "pods removed");
    }
}
