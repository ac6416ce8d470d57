using System.Text.Json.Nodes;
using k8s.Models;
using Microsoft.Extensions.DependencyInjection;
using Platform.Operator.Abstractions.Client;
using Platform.Operator.Abstractions.Events;
using Platform.Operator.Runtime.Tests.Support;
using Platform.Testing.FakeApi;

namespace Platform.Operator.Runtime.Tests.Events;

public sealed class EventRecorderTests : IAsyncLifetime
{
    private FakeKubeApiServer _server = null!;

    public async Task InitializeAsync() => _server = await FakeKubeApiServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Repeated_events_become_one_event_with_a_series_count()
    {
        await using var harness = await OperatorHarness.StartAsync(_server);
        var publish = harness.Services.GetRequiredService<EventPublisher>();
        var widget = _server.Upsert(Widget.Create("a"));

        await publish(widget, "IPAllocated", "Assigned IP 192.0.2.10");
        await publish(widget, "IPAllocated", "Assigned IP 192.0.2.10");
        await publish(widget, "IPAllocated", "Assigned IP 192.0.2.10");
        await publish(widget, "AllocationFailed", "no pool", EventType.Warning);

        var events = _server.List<Eventsv1Event>();
        Assert.Equal(2, events.Count);
        var repeated = Assert.Single(events, e => e.Reason == "IPAllocated");
        Assert.Equal(3, repeated.Series.Count);
        Assert.Equal("Normal", repeated.Type);
        Assert.Equal("Widget", repeated.Regarding.Kind);
        Assert.Equal(widget.Metadata.Uid, repeated.Regarding.Uid);
        Assert.Equal("platform", repeated.ReportingController);
        Assert.Equal("Warning", Assert.Single(events, e => e.Reason == "AllocationFailed").Type);
        Assert.All(_server.Requests.Where(r => r.Path.Contains("/events", StringComparison.Ordinal)), r => Assert.StartsWith("/apis/events.k8s.io/v1/namespaces/default/events", r.Path, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_failing_event_api_never_throws_into_the_caller()
    {
        await using var harness = await OperatorHarness.StartAsync(_server);
        var publish = harness.Services.GetRequiredService<EventPublisher>();
        _server.FailNext(1, System.Net.HttpStatusCode.InternalServerError, r => r.Path.Contains("/events", StringComparison.Ordinal));

        await publish(Widget.Create("a"), "Reason", "message");

        Assert.Empty(_server.List<Eventsv1Event>());
    }

    [Fact]
    public async Task Status_is_written_through_the_status_subresource_guarded_by_resource_version()
    {
        await using var harness = await OperatorHarness.StartAsync(_server);
        var client = harness.Services.GetRequiredService<IKubernetesClient>();
        var widget = _server.Upsert(Widget.Create("s"));
        widget.Status.Phase = "Ready";
        widget.Spec.Size = "ignored-by-status";

        var written = await client.PatchStatusAsync(widget);

        Assert.Equal("Ready", written.Status.Phase);
        Assert.Equal("small", _server.Get<Widget>("default", "s")!.Spec.Size);
        var request = Assert.Single(_server.Requests, r => r.Method == "PATCH");
        Assert.Equal("/apis/test.platform.io/v1/namespaces/default/widgets/s/status", request.Path);
        Assert.Equal(widget.Metadata.ResourceVersion, JsonNode.Parse(request.Body)!["metadata"]!["resourceVersion"]!.GetValue<string>());

        widget.Status.Phase = "Stale";
        var conflict = await Assert.ThrowsAsync<KubernetesApiException>(() => client.PatchStatusAsync(widget));
        Assert.True(conflict.IsConflict);
    }

    [Fact]
    public async Task The_client_gets_lists_creates_and_deletes_any_kind()
    {
        await using var harness = await OperatorHarness.StartAsync(_server);
        var client = harness.Services.GetRequiredService<IKubernetesClient>();

        Assert.Null(await client.GetAsync<V1ConfigMap>("missing", "default"));
        await client.CreateAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "one", NamespaceProperty = "default", Labels = new Dictionary<string, string> { ["x"] = "1" } } });
        await client.CreateAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "two", NamespaceProperty = "default" } });
        var exists = await Assert.ThrowsAsync<KubernetesApiException>(() =>
            client.CreateAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "one", NamespaceProperty = "default" } }));
        Assert.True(exists.IsConflict);

        Assert.Equal("one", Assert.Single(await client.ListAsync<V1ConfigMap>("default", labelSelector: "x=1")).Metadata.Name);
        var patched = await client.MergePatchAsync<V1ConfigMap>("two", "default", new { data = new { k = "v" } });
        Assert.Equal("v", patched.Data["k"]);
        Assert.True(await client.DeleteAsync<V1ConfigMap>("two", "default"));
        Assert.False(await client.DeleteAsync<V1ConfigMap>("two", "default"));
        await Assert.ThrowsAsync<ArgumentException>(() => client.CreateAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "no-namespace" } }));
    }
}
