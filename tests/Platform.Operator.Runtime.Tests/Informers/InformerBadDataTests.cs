using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Platform.Operator.Abstractions.Cache;
using Platform.Operator.Runtime.Diagnostics;
using Platform.Operator.Runtime.Tests.Support;
using Platform.Testing.FakeApi;

namespace Platform.Operator.Runtime.Tests.Informers;

public sealed class InformerBadDataTests : IAsyncLifetime
{
    private FakeKubeApiServer _server = null!;

    public async Task InitializeAsync() => _server = await FakeKubeApiServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private async Task PostRawAsync(string json)
    {
        using var http = new HttpClient { BaseAddress = _server.Url };
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        var response = await http.PostAsync(new Uri("apis/test.platform.io/v1/namespaces/default/widgets", UriKind.Relative), content);
        response.EnsureSuccessStatusCode();
    }

    [Fact]
    public async Task An_undeserializable_object_in_the_list_is_skipped_and_the_rest_is_cached()
    {
        await PostRawAsync("""{"apiVersion":"test.platform.io/v1","kind":"Widget","metadata":{"name":"broken"},"spec":{"size":{"not":"a string"}}}""");
        _server.Upsert(Widget.Create("fine"));

        await using var harness = await OperatorHarness.StartAsync(_server);
        var cache = harness.Services.GetRequiredService<IEntityCache<Widget>>();

        await Eventually.TrueAsync(() => harness.Probe.Count("default/fine") == 1, "the good object was reconciled");
        Assert.True(cache.HasSynced);
        Assert.Null(cache.Get("default", "broken"));
        Assert.Equal(1, harness.Services.GetRequiredService<RuntimeMetrics>().MalformedEvents.WithLabels("widgets.test.platform.io").Value);
    }

    [Fact]
    public async Task A_selector_registered_on_the_builder_limits_the_shared_cache()
    {
        _server.Upsert(Widget.Create("in", labels: new Dictionary<string, string> { ["managed"] = "yes" }));
        _server.Upsert(Widget.Create("out"));

        await using var harness = await OperatorHarness.StartAsync(_server, b => b.AddController<WidgetController, Widget>().WithSelector<Widget>("managed=yes"));
        var cache = harness.Services.GetRequiredService<IEntityCache<Widget>>();

        await Eventually.TrueAsync(() => harness.Probe.Count("default/in") == 1, "the selected object was reconciled");
        await Task.Delay(200);
        Assert.Equal(["in"], cache.List().Select(w => w.Metadata.Name));
        Assert.Equal(0, harness.Probe.Count("default/out"));
    }
}
