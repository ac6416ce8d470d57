using System.Text.Json.Nodes;
using k8s.Models;

namespace Platform.Operator.Runtime.Controllers;

/// <summary>
/// JSON patches (RFC 6902) that add or remove finalizers without a full update, so a concurrent writer's change is
/// never overwritten (the 409 storm KubeOps hit with full updates).
/// </summary>
internal static class FinalizerPatches
{
    /// <summary>Appends identifiers; when the list does not exist yet it is created, guarded by resourceVersion.</summary>
    public static string Add(V1ObjectMeta metadata, IReadOnlyCollection<string> identifiers)
    {
        var operations = new JsonArray();
        if (metadata.Finalizers is null || metadata.Finalizers.Count == 0)
        {
            // "add" on an existing path replaces it; only create the list when it is still absent.
            if (metadata.ResourceVersion is { Length: > 0 } rv)
            {
                operations.Add(new JsonObject { ["op"] = "test", ["path"] = "/metadata/resourceVersion", ["value"] = rv });
            }

            operations.Add(new JsonObject { ["op"] = "add", ["path"] = "/metadata/finalizers", ["value"] = new JsonArray([.. identifiers.Select(i => JsonValue.Create(i))]) });
        }
        else
        {
            foreach (var identifier in identifiers)
            {
                operations.Add(new JsonObject { ["op"] = "add", ["path"] = "/metadata/finalizers/-", ["value"] = identifier });
            }
        }

        return operations.ToJsonString();
    }

    /// <summary>Removes one identifier at its index, guarded by a test that the index still holds it.</summary>
    public static string Remove(V1ObjectMeta metadata, string identifier)
    {
        var index = metadata.Finalizers?.IndexOf(identifier) ?? -1;
        if (index < 0)
        {
            throw new ArgumentException($"Finalizer '{identifier}' is not present.", nameof(identifier));
        }

        return new JsonArray(
            new JsonObject { ["op"] = "test", ["path"] = $"/metadata/finalizers/{index}", ["value"] = identifier },
            new JsonObject { ["op"] = "remove", ["path"] = $"/metadata/finalizers/{index}" }).ToJsonString();
    }
}
