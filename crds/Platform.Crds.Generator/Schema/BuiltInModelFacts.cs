using k8s.Models;

namespace Platform.Crds.Generator.Schema;

/// <summary>
/// What the KubernetesClient models do not carry but upstream CRDs (controller-gen output for metav1 types) do:
/// field descriptions for <c>kubectl explain</c>, required fields and list/map topology.
/// </summary>
internal static class BuiltInModelFacts
{
    private static readonly Dictionary<Type, (string Description, Dictionary<string, string> Fields)> Descriptions = new()
    {
        [typeof(V1LabelSelector)] = (
            "A label query over a set of resources. matchLabels and matchExpressions are ANDed. An empty selector matches all objects; a null selector matches none.",
            new(StringComparer.Ordinal)
            {
                ["matchLabels"] = "A map of {key,value} pairs. Each pair is equivalent to a matchExpressions element whose key is the key, operator is In and values holds only the value. The requirements are ANDed.",
                ["matchExpressions"] = "A list of label selector requirements. The requirements are ANDed.",
            }),
        [typeof(V1LabelSelectorRequirement)] = (
            "A selector requirement: a key, an operator and values that the operator relates to the key.",
            new(StringComparer.Ordinal)
            {
                ["key"] = "The label key that the selector applies to.",
                ["operator"] = "The key's relationship to the values. Valid operators are In, NotIn, Exists and DoesNotExist.",
                ["values"] = "String values. Must be non-empty for In and NotIn, and empty for Exists and DoesNotExist.",
            }),
        [typeof(V1Condition)] = (
            "Details for one aspect of the current state of this resource.",
            new(StringComparer.Ordinal)
            {
                ["lastTransitionTime"] = "The last time the condition transitioned from one status to another.",
                ["message"] = "A human readable message indicating details about the transition.",
                ["observedGeneration"] = "The .metadata.generation that the condition was set based upon.",
                ["reason"] = "A programmatic identifier (CamelCase) for the reason of the condition's last transition.",
                ["status"] = "Status of the condition: True, False or Unknown.",
                ["type"] = "Type of the condition, in CamelCase or in foo.example.com/CamelCase.",
            }),
    };

    /// <summary>Adds the upstream facts to the schema of a built-in model type; other types are left alone.</summary>
    public static void Apply(Type type, V1JSONSchemaProps schema)
    {
        if (Descriptions.TryGetValue(type, out var text))
        {
            schema.Description ??= text.Description;
            foreach (var (name, description) in text.Fields)
            {
                if (schema.Properties?.TryGetValue(name, out var field) == true)
                {
                    field.Description ??= description;
                }
            }
        }

        if (type == typeof(V1LabelSelector))
        {
            schema.XKubernetesMapType = "atomic";
            if (schema.Properties?.TryGetValue("matchExpressions", out var expressions) == true)
            {
                expressions.XKubernetesListType = "atomic";
            }
        }
        else if (type == typeof(V1LabelSelectorRequirement))
        {
            schema.Required = ["key", "operator"];
            if (schema.Properties?.TryGetValue("values", out var values) == true)
            {
                values.XKubernetesListType = "atomic";
            }
        }
    }
}
