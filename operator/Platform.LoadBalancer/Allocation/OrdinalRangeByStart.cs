namespace Platform.LoadBalancer.Allocation;

/// <summary>Orders free runs by their first ordinal (runs never overlap).</summary>
internal sealed class OrdinalRangeByStart : IComparer<OrdinalRange>
{
    public static OrdinalRangeByStart Instance { get; } = new();

    public int Compare(OrdinalRange x, OrdinalRange y) => x.Start.CompareTo(y.Start);
}
