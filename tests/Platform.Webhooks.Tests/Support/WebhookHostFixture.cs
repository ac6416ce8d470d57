namespace Platform.Webhooks.Tests.Support;

/// <summary>One server for a whole test class: starting Kestrel per test would cost more than the tests.</summary>
public sealed class WebhookHostFixture : IAsyncLifetime
{
    private WebhookHost? host;

    internal WebhookHost Host => host ?? throw new InvalidOperationException("not started");

    public async Task InitializeAsync() =>
        host = await WebhookHost.StartAsync(options => options.RequestTimeout = TimeSpan.FromMilliseconds(500));

    public async Task DisposeAsync()
    {
        if (host is not null)
        {
            await host.DisposeAsync();
        }
    }
}
