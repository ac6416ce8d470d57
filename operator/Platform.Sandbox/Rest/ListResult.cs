using Platform.Sandbox.Storage;

namespace Platform.Sandbox.Rest;

/// <summary>One page of a list: items in key order, the list resourceVersion and the continue token.</summary>
internal sealed record ListResult(IReadOnlyList<StoredObject> Items, long ResourceVersion, string? Continue, long? RemainingItemCount);
