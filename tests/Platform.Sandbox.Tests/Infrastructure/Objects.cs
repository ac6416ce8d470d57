using System.Text.Json.Nodes;

namespace Platform.Sandbox.Tests.Infrastructure;

/// <summary>Small builders for test objects in wire form.</summary>
public static class Objects
{
    public static JsonObject ConfigMap(string name, string? ns = null, JsonObject? labels = null, JsonObject? data = null)
    {
        var meta = new JsonObject { ["name"] = name };
        if (ns is not null)
        {
            meta["namespace"] = ns;
        }

        if (labels is not null)
        {
            meta["labels"] = labels;
        }

        return new JsonObject { ["apiVersion"] = "v1", ["kind"] = "ConfigMap", ["metadata"] = meta, ["data"] = data ?? new JsonObject { ["k"] = "v" } };
    }

    public static JsonObject Namespace(string name) =>
        new() { ["apiVersion"] = "v1", ["kind"] = "Namespace", ["metadata"] = new JsonObject { ["name"] = name } };

    public static JsonObject Pod(string name, string image = "nginx:1.27") => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "Pod",
        ["metadata"] = new JsonObject { ["name"] = name },
        ["spec"] = new JsonObject
        {
            ["containers"] = new JsonArray(new JsonObject { ["name"] = "app", ["image"] = image }),
        },
    };

    public static string Str(JsonNode? node) => node?.GetValue<string>() ?? "";
}
