using System.Diagnostics;
using Platform.Benchmarks.Pacing;

namespace Platform.Benchmarks.Webhooks;

/// <summary>
/// A thread that asks to wake every millisecond and records each wake-up more than a millisecond late: a
/// stall of the whole process or machine (GC suspension, a descheduled VM, both cores busy) shows here
/// whatever the requests were doing. Costs one short wake-up per millisecond.
/// </summary>
internal sealed class StallWatch : IDisposable
{
    private readonly List<(double AtMs, double LateMs)> stalls = [];
    private readonly Thread thread;
    private readonly long start = Stopwatch.GetTimestamp();
    private volatile bool stopping;

    public StallWatch()
    {
        thread = new Thread(Watch) { IsBackground = true, Name = "stall watch", Priority = ThreadPriority.Highest };
        thread.Start();
    }

    /// <summary>Late wake-ups so far: when (ms since start) and by how much.</summary>
    public IReadOnlyList<(double AtMs, double LateMs)> Stalls
    {
        get
        {
            lock (stalls)
            {
                return [.. stalls];
            }
        }
    }

    public void Dispose()
    {
        stopping = true;
        thread.Join();
    }

    private void Watch()
    {
        var period = Stopwatch.Frequency / 1000;
        var due = Stopwatch.GetTimestamp() + period;
        while (!stopping)
        {
            MonotonicSleep.Until(due);
            var now = Stopwatch.GetTimestamp();
            var late = (now - due) * 1000.0 / Stopwatch.Frequency;
            if (late > 1.0)
            {
                lock (stalls)
                {
                    stalls.Add(((due - start) * 1000.0 / Stopwatch.Frequency, late));
                }
            }

            due = Math.Max(due + period, now + (period / 2));
        }
    }
}
