namespace Platform.Crds.Generator.Output;

/// <summary>What writing the generated files changed on disk (file names, sorted).</summary>
public sealed record CrdWriteResult(IReadOnlyList<string> Written, IReadOnlyList<string> Unchanged, IReadOnlyList<string> Removed);
