namespace Platform.Crds.Generator.Entities;

/// <summary>One entity class: a single served version of a kind.</summary>
internal sealed record EntityDefinition(
    Type Type,
    string Group,
    string Version,
    string Kind,
    string Plural,
    string Scope,
    IReadOnlyList<string> ShortNames,
    bool IsStorageVersion)
{
    /// <summary>The CRD name, <c>{plural}.{group}</c>.</summary>
    public string CrdName => $"{Plural}.{Group}";

    /// <summary>The apiVersion manifests use, <c>{group}/{version}</c>.</summary>
    public string ApiVersion => $"{Group}/{Version}";
}
