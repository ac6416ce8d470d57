using System.Text.Json;
using System.Text.Json.Nodes;

namespace Platform.Sandbox.Admission;

/// <summary>
/// One webhook of a stored Mutating/ValidatingWebhookConfiguration with v1 defaults applied (failurePolicy
/// Fail, matchPolicy Equivalent, timeoutSeconds 10 (at most 30), reinvocationPolicy Never, scope "*").
/// </summary>
internal sealed record WebhookRegistration
{
    public required string Name { get; init; }
    public required string ConfigurationName { get; init; }
    public required bool Mutating { get; init; }
    public required WebhookClientConfig ClientConfig { get; init; }
    public required IReadOnlyList<WebhookRule> Rules { get; init; }
    public string FailurePolicy { get; init; } = "Fail";
    public string MatchPolicy { get; init; } = "Equivalent";
    public JsonNode? NamespaceSelector { get; init; }
    public JsonNode? ObjectSelector { get; init; }
    public string SideEffects { get; init; } = "Unknown";
    public int TimeoutSeconds { get; init; } = 10;
    public string ReinvocationPolicy { get; init; } = "Never";

    /// <summary>Reads every webhook of one configuration object; malformed entries are skipped by the caller's try.</summary>
    public static IReadOnlyList<WebhookRegistration> FromConfiguration(JsonObject configuration, bool mutating)
    {
        var configName = configuration["metadata"]?["name"]?.GetValue<string>() ?? "";
        var result = new List<WebhookRegistration>();
        if (configuration["webhooks"] is not JsonArray webhooks)
        {
            return result;
        }

        foreach (var w in webhooks.OfType<JsonObject>())
        {
            result.Add(new WebhookRegistration
            {
                Name = Str(w, "name") ?? "",
                ConfigurationName = configName,
                Mutating = mutating,
                ClientConfig = ReadClientConfig(w["clientConfig"] as JsonObject),
                Rules = (w["rules"] as JsonArray)?.OfType<JsonObject>().Select(ReadRule).ToList() ?? [],
                FailurePolicy = Str(w, "failurePolicy") ?? "Fail",
                MatchPolicy = Str(w, "matchPolicy") ?? "Equivalent",
                NamespaceSelector = w["namespaceSelector"]?.DeepClone(),
                ObjectSelector = w["objectSelector"]?.DeepClone(),
                SideEffects = Str(w, "sideEffects") ?? "Unknown",
                TimeoutSeconds = Math.Clamp(w["timeoutSeconds"] is JsonValue t && t.GetValueKind() == JsonValueKind.Number ? t.GetValue<int>() : 10, 1, 30),
                ReinvocationPolicy = mutating ? Str(w, "reinvocationPolicy") ?? "Never" : "Never",
            });
        }

        return result;
    }

    private static WebhookClientConfig ReadClientConfig(JsonObject? cc)
    {
        var ca = Str(cc, "caBundle") is { Length: > 0 } b64 ? Convert.FromBase64String(b64) : [];
        var url = Str(cc, "url") is { Length: > 0 } u ? new Uri(u, UriKind.Absolute) : null;
        var service = cc?["service"] as JsonObject;
        var port = service?["port"] is JsonValue p && p.GetValueKind() == JsonValueKind.Number ? p.GetValue<int>() : 443;
        return new WebhookClientConfig(url, Str(service, "namespace"), Str(service, "name"), port, Str(service, "path"), ca);
    }

    private static WebhookRule ReadRule(JsonObject r) => new(
        Strings(r, "operations"),
        Strings(r, "apiGroups"),
        Strings(r, "apiVersions"),
        Strings(r, "resources"),
        Str(r, "scope") ?? "*");

    private static List<string> Strings(JsonObject o, string name) =>
        (o[name] as JsonArray)?.Select(x => x?.GetValue<string>() ?? "").ToList() ?? [];

    private static string? Str(JsonObject? o, string name) =>
        o?[name] is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;
}
