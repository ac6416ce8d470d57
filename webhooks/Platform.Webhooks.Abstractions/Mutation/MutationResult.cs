namespace Platform.Webhooks.Abstractions.Mutation;

/// <summary>The verdict of a mutating webhook: unchanged, modified (the framework computes the JSON Patch) or denied.</summary>
public sealed record MutationResult<TEntity>
    where TEntity : class
{
    /// <summary>True to admit the object (with or without changes).</summary>
    public required bool Valid { get; init; }

    /// <summary>The object as it should be stored; null when unchanged or denied.</summary>
    public TEntity? ModifiedObject { get; init; }

    /// <summary>Why the object was denied; shown to the user.</summary>
    public string? Reason { get; init; }

    /// <summary>The status code of a denial.</summary>
    public int StatusCode { get; init; } = Validation.ValidationResult.DefaultDenialCode;

    /// <summary>Admission warnings.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>Admit unchanged.</summary>
    public static MutationResult<TEntity> NoChanges(params string[] warnings) => new() { Valid = true, Warnings = warnings };

    /// <summary>Admit as <paramref name="entity"/>.</summary>
    public static MutationResult<TEntity> Modified(TEntity entity, params string[] warnings) =>
        new() { Valid = true, ModifiedObject = entity, Warnings = warnings };

    /// <summary>Deny with a message and a status code.</summary>
    public static MutationResult<TEntity> Fail(string reason, int statusCode = Validation.ValidationResult.DefaultDenialCode) =>
        new() { Valid = false, Reason = reason, StatusCode = statusCode };
}
