using FluentValidation;
using Platform.Webhooks.Abstractions.Validation;

namespace Platform.Webhooks.Validation;

/// <summary>
/// Turns a feature validator's findings into an admission verdict: failures with <see cref="Severity.Warning"/>
/// become admission warnings (kubectl prints them), errors deny with every problem named.
/// </summary>
internal static class ValidatorVerdict
{
    public static ValidationResult Judge(string kind, FluentValidation.Results.ValidationResult outcome)
    {
        var warnings = outcome.Errors.Where(e => e.Severity == Severity.Warning).Select(Describe).ToArray();
        var problems = outcome.Errors.Where(e => e.Severity == Severity.Error).Select(Describe).ToArray();
        return problems.Length == 0
            ? ValidationResult.Success(warnings)
            : ValidationResult.Fail($"{kind} is invalid: " + string.Join("; ", problems)) with { Warnings = warnings };
    }

    private static string Describe(FluentValidation.Results.ValidationFailure e) =>
        string.IsNullOrEmpty(e.PropertyName) ? e.ErrorMessage : $"{e.PropertyName}: {e.ErrorMessage}";
}
