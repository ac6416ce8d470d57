namespace Platform.Operator.Abstractions.Entities.Attributes;

/// <summary>A printer column defined by a JSON path.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true)]
public sealed class GenericAdditionalPrinterColumnAttribute(string jsonPath, string name, string type) : Attribute
{
    /// <summary>The JSON path of the value, e.g. <c>.metadata.creationTimestamp</c>.</summary>
    public string JsonPath => jsonPath;

    /// <summary>The column header.</summary>
    public string Name => name;

    /// <summary>The OpenAPI type of the column.</summary>
    public string Type => type;

    /// <summary>The column description.</summary>
    public string? Description { get; init; }

    /// <summary>An optional OpenAPI format for the column.</summary>
    public string? Format { get; init; }

    /// <summary>Whether the column shows in the standard view or only with -o wide.</summary>
    public PrinterColumnPriority Priority { get; init; }
}
