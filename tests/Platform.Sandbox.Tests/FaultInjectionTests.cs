using Platform.Sandbox.Faults;
using Platform.Sandbox.Tests.Infrastructure;

namespace Platform.Sandbox.Tests;

public sealed class FaultInjectionTests : IAsyncLifetime
{
    private readonly SandboxHost _host = new();

    public Task InitializeAsync() => _host.InitializeAsync();

    public Task DisposeAsync() => _host.DisposeAsync();

    [Theory]
    [InlineData(RequestFault.InternalError, 500, "InternalError")]
    [InlineData(RequestFault.TooManyRequests, 429, "TooManyRequests")]
    public async Task Next_requests_fail_then_serving_resumes(RequestFault kind, int code, string reason)
    {
        _host.Server.Faults.FailNextRequests(2, kind);
        for (var i = 0; i < 2; i++)
        {
            var (c, status) = await _host.GetAsync("/api/v1/namespaces");
            Assert.Equal(code, c);
            Assert.Equal(reason, Objects.Str(status!["reason"]));
        }

        Assert.Equal(200, (await _host.GetAsync("/api/v1/namespaces")).Code);
    }

    [Fact]
    public async Task A_list_with_watch_false_is_a_list_and_takes_the_fault()
    {
        // Clients such as KubernetesClient send ?watch=false on every list; only watch=true or 1 is a watch.
        _host.Server.Faults.FailNextRequests(1, RequestFault.InternalError);
        Assert.Equal(500, (await _host.GetAsync("/api/v1/namespaces?watch=false")).Code);
        Assert.Equal(200, (await _host.GetAsync("/api/v1/namespaces?watch=false")).Code);
    }

    [Fact]
    public async Task Timeout_fault_holds_the_request_then_answers_504()
    {
        _host.Server.Faults.TimeoutDelay = TimeSpan.FromMilliseconds(300);
        _host.Server.Faults.FailNextRequests(1, RequestFault.Timeout);
        var (code, status) = await _host.GetAsync("/api/v1/namespaces");
        Assert.Equal(504, code);
        Assert.Equal("Timeout", Objects.Str(status!["reason"]));
    }

    [Fact]
    public async Task Closing_all_watches_ends_open_streams()
    {
        await using var watch = await WatchReader.OpenAsync(_host.Http, "/api/v1/namespaces?watch=1");
        await watch.NextAsync();
        _host.Server.Faults.CloseAllWatches();
        while (await watch.NextAsync() is not null)
        {
        }
    }

    [Fact]
    public async Task The_next_watch_is_answered_with_410_Expired()
    {
        _host.Server.Faults.ExpireNextWatches();
        await using (var watch = await WatchReader.OpenAsync(_host.Http, "/api/v1/namespaces?watch=1&resourceVersion=1"))
        {
            var e = await watch.NextAsync();
            Assert.Equal("ERROR", Objects.Str(e!["type"]));
            Assert.Equal(410, e["object"]!["code"]!.GetValue<int>());
        }

        await using var next = await WatchReader.OpenAsync(_host.Http, "/api/v1/namespaces?watch=1");
        Assert.Equal("ADDED", Objects.Str((await next.NextAsync())!["type"]));
    }

    [Fact]
    public async Task Latency_delays_requests()
    {
        _host.Server.Faults.Latency = TimeSpan.FromMilliseconds(400);
        var timer = System.Diagnostics.Stopwatch.StartNew();
        await _host.GetAsync("/api/v1/namespaces");
        Assert.True(timer.Elapsed >= TimeSpan.FromMilliseconds(350), $"took {timer.Elapsed}");
    }
}
