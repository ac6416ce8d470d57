namespace Platform.Operator.Abstractions.Entities.Attributes;

/// <summary>Where a printer column is shown.</summary>
public enum PrinterColumnPriority
{
    /// <summary>In <c>kubectl get</c>.</summary>
    StandardView,

    /// <summary>Only in <c>kubectl get -o wide</c>.</summary>
    WideView,
}
