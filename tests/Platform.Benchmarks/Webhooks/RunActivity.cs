using System.Globalization;

namespace Platform.Benchmarks.Webhooks;

/// <summary>Process activity between two points of a load run: the usual sources of latency stalls.</summary>
internal sealed record RunActivity(int Gen0, int Gen1, int Gen2, TimeSpan GcPause, long MethodsJitted, TimeSpan JitTime, int ThreadPoolThreadsAdded, TimeSpan Cpu, TimeSpan Wall)
{
    /// <summary>Starts counting; call <see cref="Snapshot.Since"/> at the end.</summary>
    public static Snapshot Start() => new(
        GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2), GC.GetTotalPauseDuration(),
        System.Runtime.JitInfo.GetCompiledMethodCount(), System.Runtime.JitInfo.GetCompilationTime(), ThreadPool.ThreadCount,
        Environment.CpuUsage.TotalTime, System.Diagnostics.Stopwatch.GetTimestamp());

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"GCs {Gen0}/{Gen1}/{Gen2} (gen0/1/2) pausing {GcPause.TotalMilliseconds:0.0} ms, {MethodsJitted} methods jitted in {JitTime.TotalMilliseconds:0.0} ms, thread-pool threads +{ThreadPoolThreadsAdded}, process CPU {Cpu.TotalSeconds / Wall.TotalSeconds / Environment.ProcessorCount:P0} of {Environment.ProcessorCount} cores");

    /// <summary>Counters at the start of a run.</summary>
    internal sealed record Snapshot(int Gen0, int Gen1, int Gen2, TimeSpan GcPause, long Jitted, TimeSpan JitTime, int Threads, TimeSpan Cpu, long Started)
    {
        public RunActivity Since() => new(
            GC.CollectionCount(0) - Gen0,
            GC.CollectionCount(1) - Gen1,
            GC.CollectionCount(2) - Gen2,
            GC.GetTotalPauseDuration() - GcPause,
            System.Runtime.JitInfo.GetCompiledMethodCount() - Jitted,
            System.Runtime.JitInfo.GetCompilationTime() - JitTime,
            ThreadPool.ThreadCount - Threads,
            Environment.CpuUsage.TotalTime - Cpu,
            System.Diagnostics.Stopwatch.GetElapsedTime(Started));
    }
}
