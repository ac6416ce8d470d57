namespace Platform.Sandbox.Semantics;

/// <summary>
/// What a write changed, as field sets: <see cref="Changed"/> holds added and modified fields (the writer's to
/// own), <see cref="Removed"/> the fields that no longer exist (nobody owns them any more).
/// </summary>
internal sealed record FieldComparison(FieldSet Changed, FieldSet Removed)
{
    public bool IsEmpty => Changed.IsEmpty && Removed.IsEmpty;
}
