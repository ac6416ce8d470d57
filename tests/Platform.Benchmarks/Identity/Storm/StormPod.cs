namespace Platform.Benchmarks.Identity.Storm;

/// <summary>A pod bound to a node, as its kubelet knows it when requesting a certificate.</summary>
internal sealed record StormPod(string Namespace, string Name, string Uid, string Node);
