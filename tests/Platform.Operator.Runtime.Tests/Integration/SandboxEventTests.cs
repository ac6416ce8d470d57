using k8s;
using Microsoft.Extensions.DependencyInjection;
using Platform.Operator.Abstractions.Events;
using Platform.Operator.Runtime.Tests.Support;

namespace Platform.Operator.Runtime.Tests.Integration;

/// <summary>events.k8s.io/v1 events written by the runtime into the embedded control plane.</summary>
public sealed class SandboxEventTests(SandboxFixture sandbox) : IClassFixture<SandboxFixture>, IAsyncLifetime
{
    private string _ns = "";

    public async Task InitializeAsync() => _ns = await sandbox.NewNamespaceAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Repeated_events_become_one_event_with_a_series_count()
    {
        await using var harness = await SandboxOperatorHarness.StartAsync(sandbox, _ns);
        var publish = harness.Services.GetRequiredService<EventPublisher>();
        var widget = await sandbox.CreateWidgetAsync(Widget.Create("a", _ns));

        await publish(widget, "IPAllocated", "Assigned IP 192.0.2.10");
        await publish(widget, "IPAllocated", "Assigned IP 192.0.2.10");
        await publish(widget, "IPAllocated", "Assigned IP 192.0.2.10");
        await publish(widget, "AllocationFailed", "no pool", EventType.Warning);

        var events = (await sandbox.Admin.EventsV1.ListNamespacedEventAsync(_ns)).Items;
        Assert.Equal(2, events.Count);
        var repeated = Assert.Single(events, e => e.Reason == "IPAllocated");
        Assert.Equal(3, repeated.Series.Count);
        Assert.Equal("Normal", repeated.Type);
        Assert.Equal("Assigned IP 192.0.2.10", repeated.Note);
        Assert.Equal(("Widget", "a", _ns), (repeated.Regarding.Kind, repeated.Regarding.Name, repeated.Regarding.NamespaceProperty));
        Assert.Equal(widget.Metadata.Uid, repeated.Regarding.Uid);
        Assert.Equal("platform", repeated.ReportingController);
        Assert.Equal("Warning", Assert.Single(events, e => e.Reason == "AllocationFailed").Type);
    }

    [Fact]
    public async Task A_failing_event_api_never_throws_into_the_caller()
    {
        var widget = await sandbox.CreateWidgetAsync(Widget.Create("b", _ns));
        await using var harness = await SandboxOperatorHarness.StartAsync(sandbox, _ns);
        var publish = harness.Services.GetRequiredService<EventPublisher>();

        // Once the widget was reconciled the runtime's own list is done, so the fault hits the event write.
        await Eventually.TrueAsync(() => harness.Probe.Count($"{_ns}/b") == 1, "b was reconciled");
        sandbox.Server.Faults.FailNextRequests(1, Platform.Sandbox.Faults.RequestFault.InternalError);

        await publish(widget, "Reason", "message");

        Assert.Empty((await sandbox.Admin.EventsV1.ListNamespacedEventAsync(_ns)).Items);
        await publish(widget, "Reason", "message");
        Assert.Single((await sandbox.Admin.EventsV1.ListNamespacedEventAsync(_ns)).Items);
    }
}
