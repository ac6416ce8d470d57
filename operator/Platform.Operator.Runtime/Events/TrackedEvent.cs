namespace Platform.Operator.Runtime.Events;

/// <summary>An event this replica created, kept so repeats update its series instead of creating more.</summary>
internal sealed class TrackedEvent(string name)
{
    public string Name { get; } = name;

    public int Count { get; set; }
}
