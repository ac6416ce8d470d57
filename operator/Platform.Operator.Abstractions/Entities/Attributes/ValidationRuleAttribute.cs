namespace Platform.Operator.Abstractions.Entities.Attributes;

/// <summary>A CEL rule emitted as x-kubernetes-validations and enforced by the API server.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Class, AllowMultiple = true)]
public sealed class ValidationRuleAttribute(string rule, string? fieldPath = null, string? message = null, string? messageExpression = null, string? reason = null) : Attribute
{
    /// <summary>The CEL expression.</summary>
    public string Rule => rule;

    /// <summary>The field path reported on failure, relative to the annotated schema.</summary>
    public string? FieldPath => fieldPath;

    /// <summary>The failure message; defaults to <c>failed rule: {Rule}</c>.</summary>
    public string? Message => message;

    /// <summary>A CEL expression producing the failure message.</summary>
    public string? MessageExpression => messageExpression;

    /// <summary>A machine-readable reason (FieldValueInvalid, FieldValueForbidden, ...).</summary>
    public string? Reason => reason;
}
