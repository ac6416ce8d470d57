using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Platform.Operator.Abstractions.Builder;
using Platform.Operator.Runtime.Controllers;
using Platform.Operator.Runtime.Diagnostics;
using Platform.Operator.Runtime.Informers;
using Platform.Operator.Runtime.LeaderElection;

namespace Platform.Operator.Runtime.Hosting;

/// <summary>
/// The engine's lifecycle: informers run on every replica (caches stay warm for a fast takeover); controllers run
/// only during a leadership term, resyncing every key when a term starts. Shutdown stops taking keys, lets
/// in-flight reconciles finish within <see cref="OperatorSettings.ShutdownTimeout"/>, then cancels them.
/// </summary>
internal sealed class OperatorRuntime(
    IEnumerable<IControllerWorker> controllers,
    InformerRegistry informers,
    LeadershipGate gate,
    OperatorSettings settings,
    ILogger<OperatorRuntime> logger) : IHostedService, IDisposable
{
    private readonly IControllerWorker[] _controllers = [.. controllers];
    private readonly CancellationTokenSource _stopping = new();
    private readonly CancellationTokenSource _abort = new();
    private Task? _loop;

    /// <summary>False when the control loop died unexpectedly (reported on /healthz).</summary>
    public bool IsHealthy => _loop is not { IsFaulted: true };

    /// <summary>True once every informer has loaded its initial list (reported on /readyz).</summary>
    public bool IsReady => _loop is not null && informers.AllSynced;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var controller in _controllers)
        {
            controller.Attach();
        }

        informers.Start();
        _loop = Task.Run(() => LoopAsync(_stopping.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        if (_loop is { } loop)
        {
            var finished = await Task.WhenAny(loop, Task.Delay(settings.ShutdownTimeout, cancellationToken)).ConfigureAwait(false) == loop;
            if (!finished)
            {
                foreach (var controller in _controllers)
                {
                    logger.ShutdownCancelling(settings.ShutdownTimeout, controller.Name);
                }

                await _abort.CancelAsync().ConfigureAwait(false);
                await Task.WhenAny(loop, Task.Delay(TimeSpan.FromSeconds(5), CancellationToken.None)).ConfigureAwait(false);
            }
        }

        await informers.DisposeAsync().ConfigureAwait(false);
    }

    public void Dispose()
    {
        foreach (var controller in _controllers.OfType<IDisposable>())
        {
            controller.Dispose();
        }

        _stopping.Dispose();
        _abort.Dispose();
    }

    private async Task LoopAsync(CancellationToken stopping)
    {
        if (_controllers.Length == 0)
        {
            return;
        }

        while (!stopping.IsCancellationRequested)
        {
            CancellationToken term;
            try
            {
                term = await gate.WaitForTermAsync(stopping).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            foreach (var controller in _controllers)
            {
                controller.Resync();
            }

            using var stopTaking = CancellationTokenSource.CreateLinkedTokenSource(term, stopping);
            using var abort = CancellationTokenSource.CreateLinkedTokenSource(term, _abort.Token);
            try
            {
                await Task.WhenAll(_controllers.Select(c => c.RunAsync(stopTaking.Token, abort.Token))).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // The term ended (or shutdown began) before the caches synced.
            }
        }
    }
}
