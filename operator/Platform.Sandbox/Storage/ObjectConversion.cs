using System.Text.Json.Nodes;
using Platform.Sandbox.Resources;

namespace Platform.Sandbox.Storage;

/// <summary>
/// Conversion between served versions: custom resources and multi-version built-ins differ only in
/// apiVersion (strategy None); events.k8s.io/v1 Events share storage with core/v1 Events and have their
/// fields renamed, as upstream converts them.
/// </summary>
internal static class ObjectConversion
{
    private static readonly (string Events, string Core)[] EventFields =
    [
        ("regarding", "involvedObject"),
        ("note", "message"),
        ("deprecatedSource", "source"),
        ("deprecatedFirstTimestamp", "firstTimestamp"),
        ("deprecatedLastTimestamp", "lastTimestamp"),
        ("deprecatedCount", "count"),
        ("reportingController", "reportingComponent"),
    ];

    public static JsonObject ToVersion(JsonObject obj, ResourceType type)
    {
        if (type.Kind == "Event" && type.Group is "" or "events.k8s.io")
        {
            var stored = obj["apiVersion"]?.ToString();
            if (type.Group == "events.k8s.io" && stored == "v1")
            {
                Rename(obj, toEvents: true);
            }
            else if (type.Group.Length == 0 && stored == "events.k8s.io/v1")
            {
                Rename(obj, toEvents: false);
            }
        }

        obj["apiVersion"] = type.ApiVersion;
        return obj;
    }

    public static bool NeedsConversion(ResourceType type) => !type.IsStorageVersion;

    private static void Rename(JsonObject obj, bool toEvents)
    {
        foreach (var (events, core) in EventFields)
        {
            var (from, to) = toEvents ? (core, events) : (events, core);
            if (obj.TryGetPropertyValue(from, out var value))
            {
                obj.Remove(from);
                obj[to] = value;
            }
        }
    }
}
