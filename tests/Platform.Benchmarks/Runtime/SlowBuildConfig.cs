using BenchmarkDotNet.Configs;

namespace Platform.Benchmarks.Runtime;

/// <summary>
/// The generated benchmark project rebuilds the whole operator graph; on a busy 2-core machine that takes longer
/// than BenchmarkDotNet's default 2-minute build timeout.
/// </summary>
public sealed class SlowBuildConfig : ManualConfig
{
    public SlowBuildConfig() => BuildTimeout = TimeSpan.FromMinutes(15);
}
