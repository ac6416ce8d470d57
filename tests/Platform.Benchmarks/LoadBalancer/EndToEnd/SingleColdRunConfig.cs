using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace Platform.Benchmarks.LoadBalancer.EndToEnd;

/// <summary>
/// One cold-start invocation, in process: the benchmark is a single bounded load run whose figures are its own
/// report, and the out-of-process build of this solution is too slow on a 2-core box.
/// </summary>
public sealed class SingleColdRunConfig : ManualConfig
{
    public SingleColdRunConfig() =>
        AddJob(Job.Default
            .WithStrategy(RunStrategy.ColdStart)
            .WithLaunchCount(1)
            .WithWarmupCount(0)
            .WithIterationCount(1)
            .WithInvocationCount(1)
            .WithUnrollFactor(1)
            .WithToolchain(InProcessEmitToolchain.Instance)
            .WithId("SingleColdRun"));
}
