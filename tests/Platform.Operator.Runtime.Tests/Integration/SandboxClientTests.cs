using k8s.Models;
using Microsoft.Extensions.DependencyInjection;
using Platform.Operator.Abstractions.Client;
using Platform.Operator.Runtime.Tests.Support;

namespace Platform.Operator.Runtime.Tests.Integration;

/// <summary>The runtime's API client against the embedded control plane: status subresource, CRUD, conflicts.</summary>
public sealed class SandboxClientTests(SandboxFixture sandbox) : IClassFixture<SandboxFixture>, IAsyncLifetime
{
    private string _ns = "";

    public async Task InitializeAsync() => _ns = await sandbox.NewNamespaceAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Status_is_written_through_the_status_subresource_guarded_by_resource_version()
    {
        var recorder = new RecordingHandler();
        await using var harness = await SandboxOperatorHarness.StartAsync(sandbox, _ns, handlers: recorder);
        var client = harness.Services.GetRequiredService<IKubernetesClient>();
        var widget = await sandbox.CreateWidgetAsync(Widget.Create("s", _ns));
        widget.Status.Phase = "Ready";
        widget.Spec.Size = "ignored-by-status";

        var written = await client.PatchStatusAsync(widget);

        Assert.Equal("Ready", written.Status.Phase);
        Assert.Equal("small", written.Spec.Size);
        Assert.Equal("small", (await sandbox.GetWidgetAsync(_ns, "s"))!.Spec.Size);
        var patch = Assert.Single(recorder.Requests, r => r.Method == "PATCH");
        Assert.Equal($"/apis/test.platform.io/v1/namespaces/{_ns}/widgets/s/status", patch.Path);

        // The same (now stale) resourceVersion again: the server refuses with 409 Conflict.
        widget.Status.Phase = "Stale";
        var conflict = await Assert.ThrowsAsync<KubernetesApiException>(() => client.PatchStatusAsync(widget));
        Assert.True(conflict.IsConflict);
        Assert.Equal("Ready", (await sandbox.GetWidgetAsync(_ns, "s"))!.Status.Phase);
    }

    [Fact]
    public async Task The_client_gets_lists_creates_patches_and_deletes_built_in_kinds()
    {
        await using var harness = await SandboxOperatorHarness.StartAsync(sandbox, _ns);
        var client = harness.Services.GetRequiredService<IKubernetesClient>();

        Assert.Null(await client.GetAsync<V1ConfigMap>("missing", _ns));
        await client.CreateAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "one", NamespaceProperty = _ns, Labels = new Dictionary<string, string> { ["x"] = "1" } } });
        await client.CreateAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "two", NamespaceProperty = _ns } });
        var exists = await Assert.ThrowsAsync<KubernetesApiException>(() =>
            client.CreateAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "one", NamespaceProperty = _ns } }));
        Assert.True(exists.IsConflict);

        Assert.Equal("one", Assert.Single(await client.ListAsync<V1ConfigMap>(_ns, labelSelector: "x=1")).Metadata.Name);
        var patched = await client.MergePatchAsync<V1ConfigMap>("two", _ns, new { data = new { k = "v" } });
        Assert.Equal("v", patched.Data["k"]);
        Assert.Equal("v", (await client.GetAsync<V1ConfigMap>("two", _ns))!.Data["k"]);
        Assert.True(await client.DeleteAsync<V1ConfigMap>("two", _ns));
        Assert.False(await client.DeleteAsync<V1ConfigMap>("two", _ns));
        await Assert.ThrowsAsync<ArgumentException>(() => client.CreateAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "no-namespace" } }));
    }
}
