namespace Platform.Operator.Abstractions.Entities.Attributes;

/// <summary>Shows the property as a column in <c>kubectl get</c>.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class AdditionalPrinterColumnAttribute(PrinterColumnPriority priority = PrinterColumnPriority.StandardView, string? name = null) : Attribute
{
    /// <summary>Whether the column shows in the standard view or only with -o wide.</summary>
    public PrinterColumnPriority Priority => priority;

    /// <summary>The column header; defaults to the property name.</summary>
    public string? Name => name;

    /// <summary>An optional OpenAPI format for the column.</summary>
    public string? Format { get; init; }
}
