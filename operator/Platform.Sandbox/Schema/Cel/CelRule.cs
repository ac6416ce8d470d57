namespace Platform.Sandbox.Schema.Cel;

/// <summary>One <c>x-kubernetes-validations</c> entry with its programs compiled.</summary>
internal sealed record CelRule(
    string Rule,
    string? Message,
    string? MessageExpression,
    string? FieldPath,
    string? Reason,
    CompiledCelProgram Program,
    CompiledCelProgram? MessageProgram,
    bool UsesOldSelf);
