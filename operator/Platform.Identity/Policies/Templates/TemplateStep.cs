using System.Reflection;

namespace Platform.Identity.Policies.Templates;

/// <summary>One step of a field chain: a property, a map key, or a list index.</summary>
internal sealed record TemplateStep(string Display, PropertyInfo? Property, string? MapKey, int? ListIndex);
