using System.Text.Json.Nodes;

namespace Platform.Sandbox.Api;

/// <summary>
/// In-process read access to the stored objects, for collaborators inside the control plane (the
/// admission chain reads webhook configurations, Services, Endpoints/EndpointSlices and Namespaces
/// through it). Returned objects are private copies; mutating them does not change the store.
/// </summary>
public interface IObjectStoreReader
{
    /// <summary>One object, or null when absent. <paramref name="namespaceName"/> is empty for cluster-scoped.</summary>
    JsonObject? Get(string group, string version, string resource, string namespaceName, string name);

    /// <summary>All objects of a resource, in one namespace, or every namespace when <paramref name="namespaceName"/> is null.</summary>
    IReadOnlyList<JsonObject> List(string group, string version, string resource, string? namespaceName = null);
}
