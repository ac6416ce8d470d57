using System.Text.Json.Nodes;

namespace Platform.Sandbox.Schema;

/// <summary>
/// Drops fields a structural schema does not specify, as the API server does for custom resources: not below
/// <c>x-kubernetes-preserve-unknown-fields</c>; apiVersion/kind/metadata of the root and of embedded resources
/// are kept, and an embedded resource's metadata keeps only name, generateName, namespace, labels, annotations.
/// The root's metadata is left to the API server's ObjectMeta handling.
/// </summary>
internal static class SchemaPruner
{
    private static readonly HashSet<string> EmbeddedMetadataFields = ["name", "generateName", "namespace", "labels", "annotations"];

    public static void Prune(JsonObject root, StructuralSchema schema) => PruneObject(root, schema, isRoot: true);

    private static void PruneNode(JsonNode? node, StructuralSchema schema)
    {
        switch (node)
        {
            case JsonObject o when schema.Type is null or "object":
                PruneObject(o, schema, isRoot: false);
                break;
            case JsonArray a when schema.Items is not null:
                foreach (var item in a)
                {
                    PruneNode(item, schema.Items);
                }

                break;
        }
    }

    private static void PruneObject(JsonObject obj, StructuralSchema schema, bool isRoot)
    {
        var isResource = isRoot || schema.EmbeddedResource;
        List<string>? remove = null;
        foreach (var (key, value) in obj)
        {
            if (isResource && key is "apiVersion" or "kind")
            {
                continue;
            }

            if (isResource && key == "metadata")
            {
                if (!isRoot && value is JsonObject meta)
                {
                    foreach (var metaKey in meta.Select(p => p.Key).Where(k => !EmbeddedMetadataFields.Contains(k)).ToList())
                    {
                        meta.Remove(metaKey);
                    }
                }

                continue;
            }

            if (schema.Properties is { } props && props.TryGetValue(key, out var propSchema))
            {
                PruneNode(value, propSchema);
            }
            else if (schema.AdditionalProperties is { } additional)
            {
                PruneNode(value, additional);
            }
            else if (!schema.PreserveUnknownFields)
            {
                (remove ??= []).Add(key);
            }
        }

        if (remove is not null)
        {
            foreach (var key in remove)
            {
                obj.Remove(key);
            }
        }
    }
}
