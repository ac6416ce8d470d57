namespace Platform.LoadBalancer.Allocation;

/// <summary>
/// What the allocator knows about one address position. Most addresses have one holder and no sharing key:
/// that holder's key is the whole record. An address with a sharing key keeps its holders, keys and ports in
/// a <see cref="SharedAddress"/>. Both null: free.
/// </summary>
/// <param name="Sole">The one holder of an address that may not be shared.</param>
/// <param name="Shared">The record of an address with a sharing key.</param>
internal readonly record struct AddressCell(string? Sole, SharedAddress? Shared)
{
    public bool IsFree => Sole is null && Shared is null;

    public int HolderCount => Shared?.Holders.Count ?? (Sole is null ? 0 : 1);

    /// <summary>Holders, sorted by key.</summary>
    public IReadOnlyList<string> Holders => Shared is { } shared ? shared.Holders : Sole is null ? [] : [Sole];
}
