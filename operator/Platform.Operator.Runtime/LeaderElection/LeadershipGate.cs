using Platform.Operator.Abstractions.Builder;
using Platform.Operator.Abstractions.Leadership;
using Platform.Operator.Runtime.Diagnostics;

namespace Platform.Operator.Runtime.LeaderElection;

/// <summary>
/// Whether this replica may reconcile. Each leadership term has its own cancellation token, cancelled the moment
/// the term ends, so in-flight reconciles stop and workers stop taking keys. Features see it as
/// <see cref="ILeadershipTerms"/>.
/// </summary>
internal sealed class LeadershipGate : ILeadershipTerms, IDisposable
{
    private readonly RuntimeMetrics _metrics;
    private readonly OperatorSettings _settings;
    private readonly Lock _gate = new();
    private CancellationTokenSource? _term;
    private TaskCompletionSource<CancellationToken> _acquired = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public LeadershipGate(RuntimeMetrics metrics, OperatorSettings settings)
    {
        _metrics = metrics;
        _settings = settings;

        // Exported from the start, so a standby replica reports 0 rather than nothing.
        metrics.LeaderStatus.WithLabels(settings.LeaseName).Set(0);
    }

    public bool IsLeading
    {
        get
        {
            lock (_gate)
            {
                return _term is not null;
            }
        }
    }

    /// <summary>Starts a leadership term (idempotent).</summary>
    public void Acquire()
    {
        lock (_gate)
        {
            if (_term is not null)
            {
                return;
            }

            _term = new CancellationTokenSource();
            _metrics.LeaderStatus.WithLabels(_settings.LeaseName).Set(1);
            _acquired.TrySetResult(_term.Token);
        }
    }

    /// <summary>Ends the current term, cancelling its token (idempotent).</summary>
    public void Release()
    {
        CancellationTokenSource? ended;
        lock (_gate)
        {
            ended = _term;
            if (ended is null)
            {
                return;
            }

            _term = null;
            _acquired = new TaskCompletionSource<CancellationToken>(TaskCreationOptions.RunContinuationsAsynchronously);
            _metrics.LeaderStatus.WithLabels(_settings.LeaseName).Set(0);
        }

        ended.Cancel();
        ended.Dispose();
    }

    /// <summary>Waits for a term to start and returns its token (cancelled when the term ends).</summary>
    public Task<CancellationToken> WaitForTermAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_term is not null)
            {
                return Task.FromResult(_term.Token);
            }

            return _acquired.Task.WaitAsync(cancellationToken);
        }
    }

    public void Dispose() => Release();
}
