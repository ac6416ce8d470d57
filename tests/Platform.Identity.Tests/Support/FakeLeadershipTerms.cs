using Platform.Operator.Abstractions.Leadership;

namespace Platform.Identity.Tests.Support;

/// <summary>Leadership terms a test starts and ends by hand (one replica's view of the Lease).</summary>
internal sealed class FakeLeadershipTerms : ILeadershipTerms, IDisposable
{
    private readonly Lock gate = new();
    private CancellationTokenSource? term;
    private TaskCompletionSource<CancellationToken> started = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public bool IsLeading
    {
        get
        {
            lock (gate)
            {
                return term is not null;
            }
        }
    }

    public void Begin()
    {
        lock (gate)
        {
            if (term is not null)
            {
                return;
            }

            term = new CancellationTokenSource();
            started.TrySetResult(term.Token);
        }
    }

    public void End()
    {
        CancellationTokenSource? ended;
        lock (gate)
        {
            ended = term;
            term = null;
            started = new TaskCompletionSource<CancellationToken>(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        ended?.Cancel();
        ended?.Dispose();
    }

    public Task<CancellationToken> WaitForTermAsync(CancellationToken cancellationToken)
    {
        lock (gate)
        {
            return term is not null ? Task.FromResult(term.Token) : started.Task.WaitAsync(cancellationToken);
        }
    }

    public void Dispose() => End();
}
