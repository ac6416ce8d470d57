using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Platform.Webhooks.Abstractions.Admission;
using Platform.Webhooks.Endpoints;

namespace Platform.Webhooks.Tests.Support;

/// <summary>Builds AdmissionReview requests the way the API server sends them, and reads the answers.</summary>
internal static class Reviews
{
    public static JsonObject WidgetObject(string name, int size, JsonObject? extraSpec = null)
    {
        var spec = new JsonObject { ["size"] = size, ["name"] = name };
        foreach (var (key, value) in extraSpec ?? [])
        {
            spec[key] = value?.DeepClone();
        }

        return new JsonObject
        {
            ["apiVersion"] = "test.platform.io/v1",
            ["kind"] = "Widget",
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = "default" },
            ["spec"] = spec,
        };
    }

    public static string Review(string operation, JsonNode? obj, JsonNode? oldObj = null, string? uid = null, string kind = "Widget", string group = "test.platform.io", string version = "v1")
    {
        var review = new JsonObject
        {
            ["apiVersion"] = "admission.k8s.io/v1",
            ["kind"] = "AdmissionReview",
            ["request"] = new JsonObject
            {
                ["uid"] = uid ?? Guid.NewGuid().ToString(),
                ["kind"] = new JsonObject { ["group"] = group, ["version"] = version, ["kind"] = kind },
                ["resource"] = new JsonObject { ["group"] = group, ["version"] = version, ["resource"] = kind.ToLowerInvariant() + "s" },
                ["requestKind"] = new JsonObject { ["group"] = group, ["version"] = version, ["kind"] = kind },
                ["name"] = obj?["metadata"]?["name"]?.GetValue<string>() ?? oldObj?["metadata"]?["name"]?.GetValue<string>(),
                ["namespace"] = "default",
                ["operation"] = operation,
                ["userInfo"] = new JsonObject { ["username"] = "kubernetes-admin", ["groups"] = new JsonArray("system:masters", "system:authenticated") },
                ["object"] = obj?.DeepClone(),
                ["oldObject"] = oldObj?.DeepClone(),
                ["dryRun"] = false,
                ["options"] = new JsonObject { ["apiVersion"] = "meta.k8s.io/v1", ["kind"] = "CreateOptions" },
            },
        };
        return review.ToJsonString();
    }

    public static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    public static async Task<AdmissionResponse> PostAsync(HttpClient client, string path, string body, CancellationToken cancellationToken = default)
    {
        using var response = await client.PostAsync(path, Json(body), cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        Assert.True(response.IsSuccessStatusCode, $"HTTP {(int)response.StatusCode}: {text}");
        Assert.Equal(new MediaTypeHeaderValue("application/json"), response.Content.Headers.ContentType);
        var review = JsonSerializer.Deserialize(text, AdmissionJsonContext.Default.AdmissionReview)!;
        Assert.Equal("admission.k8s.io/v1", review.ApiVersion);
        Assert.Equal("AdmissionReview", review.Kind);
        return review.Response!;
    }

    /// <summary>Decodes the base64 JSON Patch of a mutation answer.</summary>
    public static JsonArray Patch(AdmissionResponse response) =>
        JsonNode.Parse(Convert.FromBase64String(response.Patch!))!.AsArray();
}
