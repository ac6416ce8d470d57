namespace Platform.Crds.Generator;

/// <summary>One generated CRD manifest.</summary>
/// <param name="FileName">The file name inside the output directory, <c>{plural}.{group}.yaml</c>.</param>
/// <param name="Content">The YAML text, byte-for-byte what is checked in.</param>
public sealed record CrdFile(string FileName, string Content);
