namespace Platform.Webhooks.Abstractions.Validation;

/// <summary>The verdict of a validation webhook.</summary>
public sealed record ValidationResult
{
    /// <summary>The code the API server reports for a webhook denial that gives none (it raises anything below 400 to 400).</summary>
    public const int DefaultDenialCode = 400;

    /// <summary>True to admit the object.</summary>
    public required bool Valid { get; init; }

    /// <summary>Why the object was denied; shown to the user.</summary>
    public string? Reason { get; init; }

    /// <summary>The status code of a denial.</summary>
    public int StatusCode { get; init; } = DefaultDenialCode;

    /// <summary>Admission warnings, returned on admission and on denial alike.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>Admit, optionally with warnings.</summary>
    public static ValidationResult Success(params string[] warnings) => new() { Valid = true, Warnings = warnings };

    /// <summary>Deny with a message and a status code.</summary>
    public static ValidationResult Fail(string reason, int statusCode = DefaultDenialCode) =>
        new() { Valid = false, Reason = reason, StatusCode = statusCode };
}
