using FluentValidation;
using k8s.Models;
using Platform.Webhooks.Abstractions.Admission;
using Platform.Webhooks.Abstractions.Validation;

namespace Platform.Webhooks.LoadBalancer;

/// <summary>Turns the MetalLB validators' findings into an admission verdict: warnings warn, errors deny.</summary>
internal static class MetalLBAdmission
{
    /// <summary>On CREATE the object may omit metadata.namespace; the allowed-namespace rule needs the real one.</summary>
    public static void FillNamespace(V1ObjectMeta? metadata, AdmissionContext context)
    {
        if (metadata is not null && string.IsNullOrEmpty(metadata.NamespaceProperty) && !string.IsNullOrEmpty(context.Namespace))
        {
            metadata.NamespaceProperty = context.Namespace;
        }
    }

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
