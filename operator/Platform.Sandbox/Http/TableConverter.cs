using System.Globalization;
using System.Text.Json.Nodes;
using Platform.Sandbox.Resources;
using Platform.Sandbox.Rest;
using Platform.Sandbox.Storage;

namespace Platform.Sandbox.Http;

/// <summary>
/// Server-side printing (<c>Accept: application/json;as=Table;g=meta.k8s.io;v=v1</c>), which is what
/// <c>kubectl get</c> shows: upstream's columns for the common built-in kinds, a CRD's
/// additionalPrinterColumns for custom resources, Name/Age otherwise.
/// </summary>
internal static class TableConverter
{
    public static bool Wants(string accept) => accept.Contains("as=Table", StringComparison.Ordinal);

    public static JsonObject Convert(ResourceType type, IEnumerable<StoredObject> items, string resourceVersion, string? continueToken,
        JsonObject? crd, DateTimeOffset now, bool includeFullObject)
    {
        var columns = new List<(string Name, string Type, int Priority, Func<JsonObject, JsonNode?> Cell)>
        {
            ("Name", "string", 0, o => ObjectJson.Str(o["metadata"]?["name"])),
        };
        columns.AddRange(KindColumns(type, crd, now));
        columns.Add(("Age", "string", 0, o => Age(o, now)));
        var rows = new JsonArray();
        foreach (var item in items)
        {
            var obj = ObjectConversion.ToVersion(item.CloneNode(), type);
            var row = new JsonObject { ["cells"] = new JsonArray([.. columns.Select(c => c.Cell(obj))]) };
            row["object"] = includeFullObject ? obj : new JsonObject
            {
                ["kind"] = "PartialObjectMetadata",
                ["apiVersion"] = "meta.k8s.io/v1",
                ["metadata"] = obj["metadata"]?.DeepClone(),
            };
            rows.Add(row);
        }

        var meta = new JsonObject { ["resourceVersion"] = resourceVersion };
        if (continueToken is not null)
        {
            meta["continue"] = continueToken;
        }

        return new JsonObject
        {
            ["kind"] = "Table",
            ["apiVersion"] = "meta.k8s.io/v1",
            ["metadata"] = meta,
            ["columnDefinitions"] = new JsonArray([.. columns.Select(c => (JsonNode?)new JsonObject
            {
                ["name"] = c.Name, ["type"] = c.Type, ["format"] = c.Name == "Name" ? "name" : "", ["description"] = c.Name, ["priority"] = c.Priority,
            })]),
            ["rows"] = rows,
        };
    }

    private static IEnumerable<(string, string, int, Func<JsonObject, JsonNode?>)> KindColumns(ResourceType type, JsonObject? crd, DateTimeOffset now)
    {
        if (type.IsCustom)
        {
            var version = (crd?["spec"]?["versions"] as JsonArray)?.OfType<JsonObject>().FirstOrDefault(v => ObjectJson.Str(v["name"]) == type.Version);
            foreach (var c in (version?["additionalPrinterColumns"] as JsonArray)?.OfType<JsonObject>() ?? [])
            {
                var path = ObjectJson.Str(c["jsonPath"]);
                var columnType = ObjectJson.Str(c["type"]);
                var priority = (int)(ObjectJson.Long(c["priority"]) ?? 0);
                if (path == ".metadata.creationTimestamp")
                {
                    continue;
                }

                yield return (ObjectJson.Str(c["name"]), columnType == "date" ? "string" : columnType, priority, o =>
                {
                    var value = Path(o, path);
                    return columnType == "date" && value is JsonValue v && DateTimeOffset.TryParse(v.ToString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t)
                        ? Human(now - t)
                        : value is JsonArray or JsonObject
                            ? value.ToJsonString() // the real server prints non-scalar cells as compact JSON: ["a","b"]
                            : value?.DeepClone();
                });
            }

            yield break;
        }

        switch (type.Kind)
        {
            case "Pod":
                yield return ("Ready", "string", 0, o =>
                {
                    var total = (o["spec"]?["containers"] as JsonArray)?.Count ?? 0;
                    var ready = (o["status"]?["containerStatuses"] as JsonArray)?.Count(c => c?["ready"]?.GetValue<bool>() == true) ?? 0;
                    return $"{ready}/{total}";
                });
                yield return ("Status", "string", 0, o => ObjectJson.IsDeleting(o) ? "Terminating" : ObjectJson.Str(o["status"]?["phase"]));
                yield return ("Restarts", "string", 0, o => ((o["status"]?["containerStatuses"] as JsonArray)?.Sum(c => ObjectJson.Long(c?["restartCount"]) ?? 0) ?? 0).ToString(CultureInfo.InvariantCulture));
                yield return ("IP", "string", 1, o => Or(ObjectJson.Str(o["status"]?["podIP"])));
                yield return ("Node", "string", 1, o => Or(ObjectJson.Str(o["spec"]?["nodeName"])));
                break;
            case "Node":
                yield return ("Status", "string", 0, o =>
                {
                    var ready = (o["status"]?["conditions"] as JsonArray)?.FirstOrDefault(c => ObjectJson.Str(c?["type"]) == "Ready");
                    return ObjectJson.Str(ready?["status"]) == "True" ? "Ready" : "NotReady";
                });
                yield return ("Roles", "string", 0, _ => "<none>");
                yield return ("Version", "string", 0, o => ObjectJson.Str(o["status"]?["nodeInfo"]?["kubeletVersion"]));
                break;
            case "Namespace":
                yield return ("Status", "string", 0, o => ObjectJson.Str(o["status"]?["phase"]));
                break;
            case "Service":
                yield return ("Type", "string", 0, o => ObjectJson.Str(o["spec"]?["type"]));
                yield return ("Cluster-IP", "string", 0, o => Or(ObjectJson.Str(o["spec"]?["clusterIP"])));
                yield return ("External-IP", "string", 0, o =>
                {
                    var ingress = (o["status"]?["loadBalancer"]?["ingress"] as JsonArray)?.Select(i => ObjectJson.Str(i?["ip"]) is { Length: > 0 } ip ? ip : ObjectJson.Str(i?["hostname"])).ToList() ?? [];
                    return ingress.Count > 0 ? string.Join(",", ingress) : ObjectJson.Str(o["spec"]?["type"]) == "LoadBalancer" ? "<pending>" : "<none>";
                });
                yield return ("Port(s)", "string", 0, o => string.Join(",", (o["spec"]?["ports"] as JsonArray)?.Select(p =>
                    $"{ObjectJson.Long(p?["port"])}{(ObjectJson.Long(p?["nodePort"]) is { } np ? ":" + np.ToString(CultureInfo.InvariantCulture) : "")}/{ObjectJson.Str(p?["protocol"])}") ?? []) is { Length: > 0 } s ? s : "<none>");
                break;
            case "Deployment":
                yield return ("Ready", "string", 0, o => $"{ObjectJson.Long(o["status"]?["readyReplicas"]) ?? 0}/{ObjectJson.Long(o["spec"]?["replicas"]) ?? 0}");
                yield return ("Up-to-date", "integer", 0, o => ObjectJson.Long(o["status"]?["updatedReplicas"]) ?? 0);
                yield return ("Available", "integer", 0, o => ObjectJson.Long(o["status"]?["availableReplicas"]) ?? 0);
                break;
            case "ConfigMap":
                yield return ("Data", "integer", 0, o => ((o["data"] as JsonObject)?.Count ?? 0) + ((o["binaryData"] as JsonObject)?.Count ?? 0));
                break;
            case "Secret":
                yield return ("Type", "string", 0, o => ObjectJson.Str(o["type"]));
                yield return ("Data", "integer", 0, o => (o["data"] as JsonObject)?.Count ?? 0);
                break;
            case "CertificateSigningRequest":
                yield return ("SignerName", "string", 0, o => ObjectJson.Str(o["spec"]?["signerName"]));
                yield return ("Requestor", "string", 0, o => ObjectJson.Str(o["spec"]?["username"]));
                yield return ("Condition", "string", 0, o =>
                {
                    var conditions = (o["status"]?["conditions"] as JsonArray)?.Select(c => ObjectJson.Str(c?["type"])).ToList() ?? [];
                    if (ObjectJson.Str(o["status"]?["certificate"]).Length > 0)
                    {
                        conditions.Add("Issued");
                    }

                    return conditions.Count == 0 ? "Pending" : string.Join(",", conditions);
                });
                break;
        }
    }

    private static string Or(string value) => value.Length == 0 ? "<none>" : value;

    private static JsonNode? Path(JsonObject obj, string jsonPath)
    {
        JsonNode? node = obj;
        foreach (var part in jsonPath.TrimStart('.').Split('.', StringSplitOptions.RemoveEmptyEntries))
        {
            var name = part;
            int? index = null;
            var bracket = part.IndexOf('[', StringComparison.Ordinal);
            if (bracket > 0 && part.EndsWith(']') && int.TryParse(part[(bracket + 1)..^1], out var i))
            {
                name = part[..bracket];
                index = i;
            }

            node = node is JsonObject o && o.TryGetPropertyValue(name, out var child) ? child : null;
            if (index is { } ix)
            {
                node = node is JsonArray a && ix < a.Count ? a[ix] : null;
            }
        }

        return node;
    }

    private static string Age(JsonObject obj, DateTimeOffset now) =>
        DateTimeOffset.TryParse(ObjectJson.Str(obj["metadata"]?["creationTimestamp"]), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var created)
            ? Human(now - created)
            : "<unknown>";

    /// <summary>kubectl's human-readable durations (5s, 3m10s, 2h, 4d...).</summary>
    internal static string Human(TimeSpan d)
    {
        var seconds = (long)d.TotalSeconds;
        if (seconds < 0)
        {
            return "0s";
        }

        if (seconds < 120)
        {
            return $"{seconds}s";
        }

        var minutes = seconds / 60;
        if (minutes < 10)
        {
            return seconds % 60 == 0 ? $"{minutes}m" : $"{minutes}m{seconds % 60}s";
        }

        if (minutes < 180)
        {
            return $"{minutes}m";
        }

        var hours = minutes / 60;
        if (hours < 8)
        {
            return minutes % 60 == 0 ? $"{hours}h" : $"{hours}h{minutes % 60}m";
        }

        if (hours < 48)
        {
            return $"{hours}h";
        }

        var days = hours / 24;
        if (hours < 24 * 8)
        {
            return hours % 24 == 0 ? $"{days}d" : $"{days}d{hours % 24}h";
        }

        if (days < 365 * 2)
        {
            return $"{days}d";
        }

        var years = days / 365;
        return days < 365 * 8 && days % 365 != 0 ? $"{years}y{days % 365}d" : $"{years}y";
    }
}
