using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Platform.Sandbox.Api;

namespace Platform.Sandbox.Admission;

/// <summary>Writes AdmissionReview v1 requests and reads (and checks) their responses.</summary>
internal static class AdmissionReviewCodec
{
    public static JsonObject BuildRequest(AdmissionAttributes a, string uid, string sentVersion, JsonObject? obj, JsonObject? oldObj)
    {
        var request = new JsonObject
        {
            ["uid"] = uid,
            ["kind"] = Gvk(a.KindGroup, sentVersion == a.Version ? a.KindVersion : sentVersion, a.Kind),
            ["resource"] = Gvr(a.Group, sentVersion, a.Resource),
            ["requestKind"] = Gvk(a.KindGroup, a.KindVersion, a.Kind),
            ["requestResource"] = Gvr(a.Group, a.Version, a.Resource),
            ["name"] = a.Name,
            ["namespace"] = a.Namespace,
            ["operation"] = Operation(a.Operation),
            ["userInfo"] = new JsonObject
            {
                ["username"] = a.UserInfo.Username,
                ["uid"] = a.UserInfo.Uid,
                ["groups"] = new JsonArray(a.UserInfo.Groups.Select(g => (JsonNode?)JsonValue.Create(g)).ToArray()),
            },
            ["object"] = obj?.DeepClone(),
            ["oldObject"] = oldObj?.DeepClone(),
            ["dryRun"] = a.DryRun,
            ["options"] = a.Options?.DeepClone(),
        };
        if (a.Subresource.Length > 0)
        {
            request["subResource"] = a.Subresource;
            request["requestSubResource"] = a.Subresource;
        }

        return new JsonObject
        {
            ["apiVersion"] = "admission.k8s.io/v1",
            ["kind"] = "AdmissionReview",
            ["request"] = request,
        };
    }

    public static string Operation(AdmissionOperation op) => op switch
    {
        AdmissionOperation.Create => "CREATE",
        AdmissionOperation.Update => "UPDATE",
        AdmissionOperation.Delete => "DELETE",
        _ => "CONNECT",
    };

    /// <summary>Reads a response; throws <see cref="WebhookCallException"/> for what upstream rejects (wrong kind, uid mismatch, bad patch).</summary>
    public static WebhookResponse ParseResponse(JsonNode? body, string expectedUid, bool mutating)
    {
        if (body is not JsonObject review || review["apiVersion"]?.GetValue<string>() != "admission.k8s.io/v1" || review["kind"]?.GetValue<string>() != "AdmissionReview")
        {
            throw new WebhookCallException($"expected webhook response of admission.k8s.io/v1, Kind=AdmissionReview, got {body?["apiVersion"]}, Kind={body?["kind"]}");
        }

        if (review["response"] is not JsonObject response)
        {
            throw new WebhookCallException("webhook response was absent");
        }

        var uid = response["uid"] is JsonValue u && u.GetValueKind() == JsonValueKind.String ? u.GetValue<string>() : "";
        if (uid != expectedUid)
        {
            throw new WebhookCallException($"expected response.uid=\"{expectedUid}\", actual response.uid=\"{uid}\"");
        }

        var allowed = response["allowed"] is JsonValue a && a.GetValueKind() == JsonValueKind.True;
        AdmissionStatus? status = null;
        if (response["status"] is JsonObject s)
        {
            var code = s["code"] is JsonValue c && c.GetValueKind() == JsonValueKind.Number ? c.GetValue<int>() : 0;
            status = new AdmissionStatus(code, s["reason"]?.GetValue<string>() ?? "", s["message"]?.GetValue<string>() ?? "");
        }

        var warnings = (response["warnings"] as JsonArray)?.Select(w => w?.GetValue<string>() ?? "").Where(w => w.Length > 0).ToList() ?? [];
        JsonArray? patch = null;
        if (response["patch"] is JsonValue p && p.GetValueKind() == JsonValueKind.String && p.GetValue<string>().Length > 0)
        {
            if (!mutating)
            {
                throw new WebhookCallException("validating webhook may not return response.patch");
            }

            var patchType = response["patchType"]?.GetValue<string>();
            if (patchType is null)
            {
                throw new WebhookCallException("webhook returned response.patch but not response.patchType");
            }

            if (patchType != "JSONPatch")
            {
                throw new WebhookCallException($"webhook returned invalid response.patchType of \"{patchType}\"");
            }

            try
            {
                patch = JsonNode.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(p.GetValue<string>()))) as JsonArray
                    ?? throw new WebhookCallException("webhook returned a patch that is not a JSON array");
            }
            catch (Exception ex) when (ex is FormatException or JsonException)
            {
                throw new WebhookCallException("webhook returned an undecodable patch: " + ex.Message, ex);
            }
        }

        return new WebhookResponse(allowed, status, patch, warnings);
    }

    private static JsonObject Gvk(string group, string version, string kind) =>
        new() { ["group"] = group, ["version"] = version, ["kind"] = kind };

    private static JsonObject Gvr(string group, string version, string resource) =>
        new() { ["group"] = group, ["version"] = version, ["resource"] = resource };
}
