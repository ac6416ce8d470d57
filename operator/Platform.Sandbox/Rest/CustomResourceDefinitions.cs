using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Platform.Sandbox.Api;
using Platform.Sandbox.Resources;
using Platform.Sandbox.Semantics;

namespace Platform.Sandbox.Rest;

/// <summary>
/// Turns CustomResourceDefinitions into served resources: one <see cref="ResourceType"/> per served
/// version sharing the storage version's bucket, with the version's schema for validation and explain.
/// </summary>
internal static class CustomResourceDefinitions
{
    public static IReadOnlyList<FieldError> Validate(JsonObject crd)
    {
        var errors = new List<FieldError>();
        var name = ObjectJson.Str(crd["metadata"]?["name"]);
        var spec = crd["spec"] as JsonObject;
        var group = ObjectJson.Str(spec?["group"]);
        var plural = ObjectJson.Str(spec?["names"]?["plural"]);
        var kind = ObjectJson.Str(spec?["names"]?["kind"]);
        if (group.Length == 0)
        {
            errors.Add(NameValidation.Required("spec.group", ""));
        }
        else if (!group.Contains('.'))
        {
            errors.Add(NameValidation.Invalid("spec.group", group, "should be a domain with at least one dot"));
        }

        if (plural.Length == 0)
        {
            errors.Add(NameValidation.Required("spec.names.plural", ""));
        }

        if (kind.Length == 0)
        {
            errors.Add(NameValidation.Required("spec.names.kind", ""));
        }

        if (plural.Length > 0 && group.Length > 0 && name != $"{plural}.{group}")
        {
            errors.Add(NameValidation.Invalid("metadata.name", name, "must be spec.names.plural+\".\"+spec.group"));
        }

        var scope = ObjectJson.Str(spec?["scope"]);
        if (scope is not "Namespaced" and not "Cluster")
        {
            errors.Add(new FieldError("spec.scope", "FieldValueNotSupported", $"Unsupported value: \"{scope}\": supported values: \"Cluster\", \"Namespaced\""));
        }

        var versions = (spec?["versions"] as JsonArray)?.OfType<JsonObject>().ToList() ?? [];
        if (versions.Count == 0)
        {
            errors.Add(NameValidation.Required("spec.versions", "must have exactly one version marked as storage version"));
        }
        else if (versions.Count(v => v["storage"]?.GetValue<bool>() == true) != 1)
        {
            errors.Add(new FieldError("spec.versions", "FieldValueInvalid", "Invalid value: must have exactly one version marked as storage version"));
        }

        for (var i = 0; i < versions.Count; i++)
        {
            if (versions[i]["schema"]?["openAPIV3Schema"] is not JsonObject)
            {
                errors.Add(NameValidation.Required($"spec.versions[{i}].schema.openAPIV3Schema", "schemas are required"));
            }
        }

        return errors;
    }

    /// <summary>Sets the status a healthy CRD reaches at once: names accepted, established, stored version.</summary>
    public static void Establish(JsonObject crd, string now)
    {
        var spec = crd["spec"] as JsonObject;
        var storage = (spec?["versions"] as JsonArray)?.OfType<JsonObject>().FirstOrDefault(v => v["storage"]?.GetValue<bool>() == true);
        var status = crd["status"] as JsonObject ?? [];
        crd["status"] = status;
        status["acceptedNames"] = spec?["names"]?.DeepClone();
        var stored = status["storedVersions"] as JsonArray ?? [];
        var storageName = ObjectJson.Str(storage?["name"]);
        if (storageName.Length > 0 && !stored.Any(s => ObjectJson.Str(s) == storageName))
        {
            stored.Add(storageName);
        }

        status["storedVersions"] = stored.DeepClone();
        status["conditions"] = new JsonArray(
            Condition("NamesAccepted", "NoConflicts", "no conflicts found", now),
            Condition("Established", "InitialNamesAccepted", "the initial names have been accepted", now));
    }

    public static IReadOnlyList<ResourceType> ToResourceTypes(JsonObject crd)
    {
        var spec = (JsonObject)crd["spec"]!;
        var names = spec["names"] as JsonObject;
        var group = ObjectJson.Str(spec["group"]);
        var versions = (spec["versions"] as JsonArray)?.OfType<JsonObject>().ToList() ?? [];
        var storage = ObjectJson.Str(versions.FirstOrDefault(v => v["storage"]?.GetValue<bool>() == true)?["name"]);
        var result = new List<ResourceType>();
        foreach (var v in versions.Where(v => v["served"]?.GetValue<bool>() != false))
        {
            var subresources = new HashSet<string>(StringComparer.Ordinal);
            if (v["subresources"]?["status"] is not null)
            {
                subresources.Add("status");
            }

            var schema = ReadSchema(v);
            result.Add(new ResourceType
            {
                Group = group,
                Version = ObjectJson.Str(v["name"]),
                Plural = ObjectJson.Str(names?["plural"]),
                Kind = ObjectJson.Str(names?["kind"]),
                Singular = ObjectJson.Str(names?["singular"]) is { Length: > 0 } singular ? singular : ObjectJson.Str(names?["kind"]).ToLowerInvariant(),
                ShortNames = (names?["shortNames"] as JsonArray)?.Select(ObjectJson.Str).ToList() ?? [],
                Categories = (names?["categories"] as JsonArray)?.Select(ObjectJson.Str).ToList() ?? [],
                Namespaced = ObjectJson.Str(spec["scope"]) == "Namespaced",
                Subresources = subresources,
                StorageVersion = storage,
                ResetStatusOnCreate = subresources.Contains("status"),
                IsCustom = true,
                TracksGeneration = true,
                Schema = schema,
                CrdName = ObjectJson.Str(crd["metadata"]?["name"]),
            });
        }

        return result;
    }

    /// <summary>A CRD version's <c>schema.openAPIV3Schema</c> as the client model, or null when absent or malformed.</summary>
    public static V1JSONSchemaProps? ReadSchema(JsonObject version)
    {
        if (version["schema"]?["openAPIV3Schema"] is not JsonObject s)
        {
            return null;
        }

        try
        {
            return KubernetesJson.Deserialize<V1JSONSchemaProps>(s.ToJsonString());
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    private static JsonObject Condition(string type, string reason, string message, string now) => new()
    {
        ["type"] = type,
        ["status"] = "True",
        ["lastTransitionTime"] = now,
        ["reason"] = reason,
        ["message"] = message,
    };
}
