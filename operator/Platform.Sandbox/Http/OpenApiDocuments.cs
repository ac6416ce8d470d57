using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Platform.Sandbox.Resources;
using Platform.Sandbox.Storage;

namespace Platform.Sandbox.Http;

/// <summary>
/// OpenAPI v3 (per group-version) and v2 documents, as far as kubectl needs them: every kind has a
/// component schema tagged with <c>x-kubernetes-group-version-kind</c> (custom resources carry their CRD
/// schema, so <c>kubectl explain</c> works on them), and every resource path declares the query
/// parameters the server supports (fieldValidation, dryRun, fieldManager) so kubectl validates server-side.
/// </summary>
internal sealed class OpenApiDocuments
{
    private const string ObjectMetaRef = "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta";
    private readonly ResourceCatalog _catalog;
    private readonly ObjectStore _store;

    public OpenApiDocuments(ResourceCatalog catalog, ObjectStore store)
    {
        _catalog = catalog;
        _store = store;
    }

    public JsonObject Root()
    {
        var paths = new JsonObject();
        foreach (var gv in GroupVersions())
        {
            var path = gv.Group.Length == 0 ? "api/v1" : $"apis/{gv.Group}/{gv.Version}";
            paths[path] = new JsonObject { ["serverRelativeURL"] = $"/openapi/v3/{path}?hash={Hash(gv.Group, gv.Version)}" };
        }

        return new JsonObject { ["paths"] = paths };
    }

    public JsonObject? GroupVersion(string group, string version)
    {
        var types = _catalog.InGroupVersion(group, version);
        if (types.Count == 0)
        {
            return null;
        }

        var schemas = new JsonObject { [ObjectMetaRef] = ObjectMetaSchema() };
        var paths = new JsonObject();
        foreach (var t in types)
        {
            var name = SchemaName(t);
            schemas[name] = KindSchema(t);
            var gvk = new JsonObject { ["group"] = t.Group, ["version"] = t.Version, ["kind"] = t.Kind };
            var prefix = t.Group.Length == 0 ? "/api/v1" : $"/apis/{t.Group}/{t.Version}";
            var collection = t.Namespaced ? $"{prefix}/namespaces/{{namespace}}/{t.Plural}" : $"{prefix}/{t.Plural}";
            // Strategic merge patch is accepted for built-in kinds, but not advertised: the schemas here are
            // shallow, and kubectl would otherwise compute its patches from them instead of its own types.
            var patchTypes = new[] { "application/json-patch+json", "application/merge-patch+json", "application/apply-patch+yaml" };
            paths[collection] = new JsonObject
            {
                ["get"] = Operation("list", gvk, name, [], ["labelSelector", "fieldSelector", "limit", "continue", "watch", "resourceVersion"]),
                ["post"] = Operation("post", gvk, name, ["application/json", "application/yaml"], ["dryRun", "fieldManager", "fieldValidation"]),
            };
            paths[$"{collection}/{{name}}"] = new JsonObject
            {
                ["get"] = Operation("get", gvk, name, [], []),
                ["put"] = Operation("put", gvk, name, ["application/json", "application/yaml"], ["dryRun", "fieldManager", "fieldValidation"]),
                ["patch"] = Operation("patch", gvk, name, patchTypes, ["dryRun", "fieldManager", "fieldValidation", "force"]),
                ["delete"] = Operation("delete", gvk, name, [], ["dryRun", "propagationPolicy", "gracePeriodSeconds"]),
            };
        }

        return new JsonObject
        {
            ["openapi"] = "3.0.0",
            ["info"] = new JsonObject { ["title"] = "Kubernetes", ["version"] = Discovery.GitVersion },
            ["paths"] = paths,
            ["components"] = new JsonObject { ["schemas"] = schemas },
        };
    }

    /// <summary>A Swagger 2.0 document with every kind's definition (for clients that still ask for v2).</summary>
    public JsonObject Swagger()
    {
        var definitions = new JsonObject { [ObjectMetaRef] = ObjectMetaSchema() };
        foreach (var t in _catalog.All)
        {
            var schema = KindSchema(t);
            schema["properties"]!["metadata"] = new JsonObject { ["$ref"] = $"#/definitions/{ObjectMetaRef}" };
            definitions[SchemaName(t)] = schema;
        }

        return new JsonObject
        {
            ["swagger"] = "2.0",
            ["info"] = new JsonObject { ["title"] = "Kubernetes", ["version"] = Discovery.GitVersion },
            ["paths"] = new JsonObject(),
            ["definitions"] = definitions,
        };
    }

    private IEnumerable<(string Group, string Version)> GroupVersions()
    {
        yield return ("", "v1");
        foreach (var (group, versions) in _catalog.Groups())
        {
            foreach (var v in versions)
            {
                yield return (group, v);
            }
        }
    }

    private string Hash(string group, string version)
    {
        // Changes whenever served resources change, so clients refetch after a CRD is added.
        var key = string.Join(",", _catalog.InGroupVersion(group, version).Select(t => t.Plural + ":" + t.CrdName)) + _store.Buckets.Count();
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..32];
    }

    private static JsonObject Operation(string action, JsonObject gvk, string schema, string[] contentTypes, string[] parameters)
    {
        var op = new JsonObject
        {
            ["x-kubernetes-action"] = action,
            ["x-kubernetes-group-version-kind"] = gvk.DeepClone(),
            ["parameters"] = new JsonArray([.. parameters.Select(p => (JsonNode?)new JsonObject
            {
                ["name"] = p, ["in"] = "query", ["schema"] = new JsonObject { ["type"] = p is "watch" or "force" ? "boolean" : "string" },
            })]),
            ["responses"] = new JsonObject
            {
                ["200"] = new JsonObject
                {
                    ["description"] = "OK",
                    ["content"] = new JsonObject { ["application/json"] = new JsonObject { ["schema"] = Ref(schema) } },
                },
            },
        };
        if (contentTypes.Length > 0)
        {
            var content = new JsonObject();
            foreach (var c in contentTypes)
            {
                content[c] = new JsonObject { ["schema"] = Ref(schema) };
            }

            op["requestBody"] = new JsonObject { ["content"] = content };
        }

        return op;
    }

    private static JsonObject Ref(string schema) => new() { ["$ref"] = $"#/components/schemas/{schema}" };

    internal static string SchemaName(ResourceType t)
    {
        if (t.IsCustom)
        {
            return string.Join('.', t.Group.Split('.').Reverse()) + $".{t.Version}.{t.Kind}";
        }

        return t.Group switch
        {
            "" => $"io.k8s.api.core.{t.Version}.{t.Kind}",
            "apiextensions.k8s.io" => $"io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.{t.Version}.{t.Kind}",
            _ => $"io.k8s.api.{t.Group.Split('.')[0]}.{t.Version}.{t.Kind}",
        };
    }

    private static JsonObject KindSchema(ResourceType t)
    {
        JsonObject schema;
        if (t.IsCustom && t.Schema is not null)
        {
            schema = JsonNode.Parse(k8s.KubernetesJson.Serialize(t.Schema)) as JsonObject ?? [];
        }
        else
        {
            schema = new JsonObject
            {
                ["description"] = $"{t.Kind} ({t.ApiVersion}).",
                ["type"] = "object",
                ["properties"] = new JsonObject
                {
                    ["spec"] = new JsonObject { ["description"] = $"Specification of the desired behavior of the {t.Kind}.", ["type"] = "object" },
                    ["status"] = new JsonObject { ["description"] = $"Most recently observed status of the {t.Kind}.", ["type"] = "object" },
                },
            };
            if (!t.HasStatus && t.Kind is not "Pod" and not "Node" and not "Namespace")
            {
                ((JsonObject)schema["properties"]!).Remove("status");
            }
        }

        schema["type"] ??= "object";
        var properties = schema["properties"] as JsonObject ?? [];
        schema["properties"] = properties;
        properties["apiVersion"] = new JsonObject
        {
            ["description"] = "APIVersion defines the versioned schema of this representation of an object. Servers should convert recognized schemas to the latest internal value, and may reject unrecognized values.",
            ["type"] = "string",
        };
        properties["kind"] = new JsonObject
        {
            ["description"] = "Kind is a string value representing the REST resource this object represents. Servers may infer this from the endpoint the client submits requests to. Cannot be updated. In CamelCase.",
            ["type"] = "string",
        };
        properties["metadata"] = new JsonObject
        {
            ["description"] = "Standard object's metadata.",
            ["allOf"] = new JsonArray(Ref(ObjectMetaRef)),
            ["default"] = new JsonObject(),
        };
        schema["x-kubernetes-group-version-kind"] = new JsonArray(new JsonObject { ["group"] = t.Group, ["kind"] = t.Kind, ["version"] = t.Version });
        return schema;
    }

    private static JsonObject ObjectMetaSchema()
    {
        static JsonObject S(string type, string description) => new() { ["type"] = type, ["description"] = description };
        return new JsonObject
        {
            ["description"] = "ObjectMeta is metadata that all persisted resources must have, which includes all objects users must create.",
            ["type"] = "object",
            ["properties"] = new JsonObject
            {
                ["name"] = S("string", "Name must be unique within a namespace."),
                ["generateName"] = S("string", "An optional prefix, used by the server, to generate a unique name ONLY IF the Name field has not been provided."),
                ["namespace"] = S("string", "Namespace defines the space within which each name must be unique."),
                ["uid"] = S("string", "UID is the unique in time and space value for this object."),
                ["resourceVersion"] = S("string", "An opaque value that represents the internal version of this object."),
                ["generation"] = S("integer", "A sequence number representing a specific generation of the desired state."),
                ["creationTimestamp"] = S("string", "CreationTimestamp is a timestamp representing the server time when this object was created."),
                ["deletionTimestamp"] = S("string", "DeletionTimestamp is RFC 3339 date and time at which this resource will be deleted."),
                ["labels"] = new JsonObject { ["type"] = "object", ["description"] = "Map of string keys and values that can be used to organize and categorize objects.", ["additionalProperties"] = new JsonObject { ["type"] = "string", ["default"] = "" } },
                ["annotations"] = new JsonObject { ["type"] = "object", ["description"] = "Annotations is an unstructured key value map stored with a resource.", ["additionalProperties"] = new JsonObject { ["type"] = "string", ["default"] = "" } },
                ["finalizers"] = new JsonObject { ["type"] = "array", ["description"] = "Must be empty before the object is deleted from the registry.", ["items"] = new JsonObject { ["type"] = "string", ["default"] = "" } },
                ["ownerReferences"] = new JsonObject { ["type"] = "array", ["description"] = "List of objects depended by this object.", ["items"] = new JsonObject { ["type"] = "object" } },
            },
        };
    }
}
