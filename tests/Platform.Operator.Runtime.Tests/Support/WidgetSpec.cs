namespace Platform.Operator.Runtime.Tests.Support;

public sealed class WidgetSpec
{
    public string? Size { get; set; }

    public string? PoolName { get; set; }
}
