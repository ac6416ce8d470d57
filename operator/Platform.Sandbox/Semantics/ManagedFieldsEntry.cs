namespace Platform.Sandbox.Semantics;

/// <summary>
/// One <c>metadata.managedFields</c> entry. Upstream identifies a manager by name, operation, subresource
/// and, for Update entries only, apiVersion (an applier keeps one entry whatever version it applies at).
/// </summary>
internal sealed class ManagedFieldsEntry
{
    public const string ApplyOperation = "Apply";
    public const string UpdateOperation = "Update";

    public required string Manager { get; init; }

    public required string Operation { get; init; }

    public string ApiVersion { get; set; } = "";

    public string? Time { get; set; }

    public string Subresource { get; init; } = "";

    public FieldSet Fields { get; set; } = new();

    public bool IsApply => Operation == ApplyOperation;

    public bool Is(string manager, string operation, string apiVersion, string subresource) =>
        Manager == manager && Operation == operation && Subresource == subresource && (operation == ApplyOperation || ApiVersion == apiVersion);

    /// <summary>How upstream names the manager in conflict messages: <c>"name"</c>, or <c>"name" using v1</c> for an Update entry.</summary>
    public string Describe()
    {
        var quoted = "\"" + Manager.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
        return IsApply ? quoted : $"{quoted} using {ApiVersion}";
    }
}
