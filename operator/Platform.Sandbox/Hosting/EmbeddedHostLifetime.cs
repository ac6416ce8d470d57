using Microsoft.Extensions.Hosting;

namespace Platform.Sandbox.Hosting;

/// <summary>
/// The sandbox is embedded in a test or a command: it must not take over SIGINT/SIGTERM (the console
/// lifetime would), so whoever hosts it decides when to stop.
/// </summary>
internal sealed class EmbeddedHostLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
