using System.Text.Json.Nodes;
using Platform.Sandbox.Resources;

namespace Platform.Sandbox.Http;

/// <summary>The discovery documents: /version, /api, /apis, /apis/&lt;group&gt; and resource lists.</summary>
internal static class Discovery
{
    public const string Major = "1";
    public const string Minor = "37";
    public const string GitVersion = "v1.37.0";

    private static readonly string[] MainVerbs = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"];

    public static JsonObject Version() => new()
    {
        ["major"] = Major,
        ["minor"] = Minor,
        ["emulationMajor"] = Major,
        ["emulationMinor"] = Minor,
        ["gitVersion"] = GitVersion,
        ["gitCommit"] = "0000000000000000000000000000000000000000",
        ["gitTreeState"] = "clean",
        ["buildDate"] = "2026-01-01T00:00:00Z",
        ["goVersion"] = "go1.25.0",
        ["compiler"] = "gc",
        ["platform"] = "linux/amd64",
    };

    public static JsonObject CoreVersions(string serverAddress) => new()
    {
        ["kind"] = "APIVersions",
        ["versions"] = new JsonArray("v1"),
        ["serverAddressByClientCIDRs"] = new JsonArray(new JsonObject { ["clientCIDR"] = "0.0.0.0/0", ["serverAddress"] = serverAddress }),
    };

    public static JsonObject GroupList(ResourceCatalog catalog) => new()
    {
        ["kind"] = "APIGroupList",
        ["apiVersion"] = "v1",
        ["groups"] = new JsonArray([.. catalog.Groups().Select(g => (JsonNode?)Group(g.Group, g.Versions))]),
    };

    public static JsonObject? GroupOf(ResourceCatalog catalog, string group)
    {
        var match = catalog.Groups().FirstOrDefault(g => g.Group == group);
        if (match.Group is null)
        {
            return null;
        }

        var doc = Group(match.Group, match.Versions);
        doc["kind"] = "APIGroup";
        doc["apiVersion"] = "v1";
        return doc;
    }

    public static JsonObject ResourceList(string groupVersion, IReadOnlyList<ResourceType> types)
    {
        var resources = new JsonArray();
        foreach (var t in types)
        {
            var r = new JsonObject
            {
                ["name"] = t.Plural,
                ["singularName"] = t.SingularName,
                ["namespaced"] = t.Namespaced,
                ["kind"] = t.Kind,
                ["verbs"] = Strings(MainVerbs),
            };
            if (t.ShortNames.Count > 0)
            {
                r["shortNames"] = Strings(t.ShortNames);
            }

            if (t.Categories.Count > 0)
            {
                r["categories"] = Strings(t.Categories);
            }

            resources.Add(r);
            foreach (var sub in t.Subresources.Order(StringComparer.Ordinal))
            {
                var s = new JsonObject
                {
                    ["name"] = $"{t.Plural}/{sub}",
                    ["singularName"] = "",
                    ["namespaced"] = t.Namespaced,
                    ["kind"] = t.Kind,
                    ["verbs"] = Strings(["get", "patch", "update"]),
                };
                switch (sub)
                {
                    case "binding":
                        s["kind"] = "Binding";
                        s["verbs"] = Strings(["create"]);
                        break;
                    case "token":
                        s["group"] = "authentication.k8s.io";
                        s["version"] = "v1";
                        s["kind"] = "TokenRequest";
                        s["verbs"] = Strings(["create"]);
                        break;
                    case "finalize":
                        s["verbs"] = Strings(["update"]);
                        break;
                }

                resources.Add(s);
            }
        }

        return new JsonObject
        {
            ["kind"] = "APIResourceList",
            ["apiVersion"] = "v1",
            ["groupVersion"] = groupVersion,
            ["resources"] = resources,
        };
    }

    private static JsonObject Group(string name, IReadOnlyList<string> versions) => new()
    {
        ["name"] = name,
        ["versions"] = new JsonArray([.. versions.Select(v => (JsonNode?)new JsonObject { ["groupVersion"] = $"{name}/{v}", ["version"] = v })]),
        ["preferredVersion"] = new JsonObject { ["groupVersion"] = $"{name}/{versions[0]}", ["version"] = versions[0] },
    };

    private static JsonArray Strings(IEnumerable<string> values) => new([.. values.Select(v => (JsonNode?)JsonValue.Create(v))]);
}
