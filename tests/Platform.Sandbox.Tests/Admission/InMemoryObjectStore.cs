using System.Text.Json.Nodes;
using Platform.Sandbox.Api;

namespace Platform.Sandbox.Tests.Admission;

/// <summary>A minimal <see cref="IObjectStoreReader"/> over objects the test adds.</summary>
internal sealed class InMemoryObjectStore : IObjectStoreReader
{
    private readonly List<(string Group, string Version, string Resource, JsonObject Object)> objects = [];

    public InMemoryObjectStore Add(string group, string version, string resource, string json)
    {
        objects.Add((group, version, resource, JsonNode.Parse(json)!.AsObject()));
        return this;
    }

    public JsonObject? Get(string group, string version, string resource, string namespaceName, string name) =>
        objects.Where(o => o.Group == group && o.Version == version && o.Resource == resource
                && (o.Object["metadata"]?["namespace"]?.GetValue<string>() ?? "") == namespaceName
                && o.Object["metadata"]?["name"]?.GetValue<string>() == name)
            .Select(o => o.Object.DeepClone().AsObject())
            .FirstOrDefault();

    public IReadOnlyList<JsonObject> List(string group, string version, string resource, string? namespaceName = null) =>
        objects.Where(o => o.Group == group && o.Version == version && o.Resource == resource
                && (namespaceName is null || (o.Object["metadata"]?["namespace"]?.GetValue<string>() ?? "") == namespaceName))
            .Select(o => o.Object.DeepClone().AsObject())
            .ToList();
}
