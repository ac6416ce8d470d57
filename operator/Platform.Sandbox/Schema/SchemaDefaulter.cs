using System.Text.Json.Nodes;

namespace Platform.Sandbox.Schema;

/// <summary>
/// Applies schema defaults as the API server does: a property with a <c>default</c> that is absent from an
/// object that exists gets the default (objects are not created to hold defaults, but a defaulted object is
/// itself defaulted further). A <c>null</c> in a non-nullable field is dropped first, then defaulted.
/// </summary>
internal static class SchemaDefaulter
{
    public static void Apply(JsonNode? node, StructuralSchema schema)
    {
        switch (node)
        {
            case JsonObject obj:
                ApplyToObject(obj, schema);
                break;
            case JsonArray arr when schema.Items is not null:
                foreach (var item in arr)
                {
                    Apply(item, schema.Items);
                }

                break;
        }
    }

    private static void ApplyToObject(JsonObject obj, StructuralSchema schema)
    {
        if (schema.Properties is { } props)
        {
            foreach (var (name, propSchema) in props)
            {
                var present = obj.TryGetPropertyValue(name, out var value);
                if (present && value is null && !propSchema.Nullable)
                {
                    obj.Remove(name);
                    present = false;
                }

                if (!present && propSchema.HasDefault)
                {
                    obj[name] = propSchema.Default!.DeepClone();
                }

                if (obj[name] is { } child)
                {
                    Apply(child, propSchema);
                }
            }
        }

        if (schema.AdditionalProperties is { } additional)
        {
            foreach (var (key, value) in obj)
            {
                if (schema.Properties?.ContainsKey(key) != true && value is not null)
                {
                    Apply(value, additional);
                }
            }
        }
    }
}
