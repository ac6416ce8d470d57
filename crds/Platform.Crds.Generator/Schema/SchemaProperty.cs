using System.Reflection;

namespace Platform.Crds.Generator.Schema;

/// <summary>A property that appears in the schema, with the name it has on the wire.</summary>
internal sealed record SchemaProperty(PropertyInfo Property, string JsonName);
