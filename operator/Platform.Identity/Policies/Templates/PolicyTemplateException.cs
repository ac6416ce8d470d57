namespace Platform.Identity.Policies.Templates;

/// <summary>A template that does not parse, or does not render for the given data.</summary>
public sealed class PolicyTemplateException(string message) : FormatException(message);
