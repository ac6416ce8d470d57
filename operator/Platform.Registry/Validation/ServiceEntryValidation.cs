using FluentValidation;
using FluentValidation.Results;

namespace Platform.Registry.Validation;

/// <summary>
/// The outcome of validating a ServiceEntry: errors reject it (admission denies, the reconciler reports it);
/// warnings are returned as admission warnings. Both lists keep Istio's order.
/// </summary>
public sealed record ServiceEntryValidation(IReadOnlyList<string> Errors, IReadOnlyList<string> Warnings)
{
    /// <summary>True when there are no errors (warnings do not reject).</summary>
    public bool IsValid => Errors.Count == 0;

    /// <summary>All errors as one message, each on its own line, as an admission denial message.</summary>
    public string ErrorMessage => string.Join("\n", Errors);

    /// <summary>
    /// The denial message istiod's webhook gives: <c>configuration is invalid: </c> and the error, or for several
    /// errors Go's multierror list (<c>N errors occurred:\n\t* …</c>). Empty when valid.
    /// </summary>
    public string DenialMessage => Errors.Count switch
    {
        0 => "",
        1 => "configuration is invalid: " + Errors[0],
        _ => $"configuration is invalid: {Errors.Count} errors occurred:\n" + string.Concat(Errors.Select(error => $"\t* {error}\n")) + "\n",
    };

    /// <summary>Splits a FluentValidation result into errors and warnings.</summary>
    public static ServiceEntryValidation From(ValidationResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var errors = new List<string>();
        var warnings = new List<string>();
        foreach (var failure in result.Errors)
        {
            (failure.Severity == Severity.Error ? errors : warnings).Add(failure.ErrorMessage);
        }

        return new ServiceEntryValidation(errors, warnings);
    }
}
