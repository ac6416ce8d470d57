using Microsoft.Extensions.Hosting;

namespace Platform.Operator.Suite;

/// <summary>
/// The suite's host lives inside a test or the sandbox command: it must not take over SIGINT/SIGTERM as the
/// console lifetime would, so the owner of the <see cref="SandboxSuite"/> decides when to stop.
/// </summary>
internal sealed class EmbeddedSuiteLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
