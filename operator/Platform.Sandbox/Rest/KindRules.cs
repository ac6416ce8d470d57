using System.Text;
using System.Text.Json.Nodes;
using Platform.Sandbox.Api;

namespace Platform.Sandbox.Rest;

/// <summary>
/// Per-kind defaulting and validation the real registry strategies apply on create (the parts clients
/// and the suite observe). Returns field errors for a 422.
/// </summary>
internal static class KindRules
{
    public static IReadOnlyList<FieldError> PrepareCreate(string group, string kind, JsonObject obj, AdmissionUserInfo user, string now)
    {
        var errors = new List<FieldError>();
        var meta = ObjectJson.Metadata(obj);
        switch (group, kind)
        {
            case ("", "Namespace"):
                var spec = obj["spec"] as JsonObject ?? [];
                obj["spec"] = spec;
                spec["finalizers"] ??= new JsonArray("kubernetes");
                obj["status"] = new JsonObject { ["phase"] = "Active" };
                var labels = meta["labels"] as JsonObject ?? [];
                meta["labels"] = labels;
                labels["kubernetes.io/metadata.name"] = ObjectJson.Str(meta["name"]);
                break;
            case ("", "Pod"):
                PreparePod(obj, errors);
                break;
            case ("", "Secret"):
                obj["type"] ??= "Opaque";
                MergeStringData(obj);
                break;
            case ("apps", "Deployment"):
                var dspec = DefaultDeployment(obj);
                if (dspec["selector"] is null)
                {
                    errors.Add(new FieldError("spec.selector", "FieldValueRequired", "Required value"));
                }

                break;
            case ("certificates.k8s.io", "CertificateSigningRequest"):
                var cspec = obj["spec"] as JsonObject ?? [];
                obj["spec"] = cspec;

                // The requester's identity is recorded by the server, never taken from the client.
                cspec["username"] = user.Username;
                cspec["uid"] = user.Uid;
                cspec["groups"] = new JsonArray([.. user.Groups.Select(g => (JsonNode?)JsonValue.Create(g))]);
                if (ObjectJson.Str(cspec["signerName"]).Length == 0)
                {
                    errors.Add(new FieldError("spec.signerName", "FieldValueRequired", "Required value"));
                }

                if (ObjectJson.Str(cspec["request"]).Length == 0)
                {
                    errors.Add(new FieldError("spec.request", "FieldValueRequired", "Required value"));
                }

                break;
        }

        return errors;
    }

    public static void PrepareUpdate(string group, string kind, JsonObject obj)
    {
        switch (group, kind)
        {
            case ("", "Secret"):
                MergeStringData(obj);
                break;
            case ("apps", "Deployment"):
                // Decoding defaults every write, so a field an applier drops and nobody owns returns to its default.
                DefaultDeployment(obj);
                break;
        }
    }

    private static JsonObject DefaultDeployment(JsonObject deployment)
    {
        var spec = deployment["spec"] as JsonObject ?? [];
        deployment["spec"] = spec;
        spec["replicas"] ??= 1;
        spec["revisionHistoryLimit"] ??= 10;
        spec["progressDeadlineSeconds"] ??= 600;
        return spec;
    }

    private static void PreparePod(JsonObject pod, List<FieldError> errors)
    {
        var spec = pod["spec"] as JsonObject ?? [];
        pod["spec"] = spec;
        if (spec["containers"] is not JsonArray { Count: > 0 })
        {
            errors.Add(new FieldError("spec.containers", "FieldValueRequired", "Required value"));
        }

        spec["restartPolicy"] ??= "Always";
        spec["dnsPolicy"] ??= "ClusterFirst";
        spec["schedulerName"] ??= "default-scheduler";
        spec["terminationGracePeriodSeconds"] ??= 30;
        spec["serviceAccountName"] ??= "default";
        spec["serviceAccount"] ??= spec["serviceAccountName"]!.DeepClone();
        spec["securityContext"] ??= new JsonObject();
        spec["enableServiceLinks"] ??= true;
        spec["preemptionPolicy"] ??= "PreemptLowerPriority";
        spec["priority"] ??= 0;
        foreach (var list in new[] { "containers", "initContainers" })
        {
            foreach (var c in (spec[list] as JsonArray)?.OfType<JsonObject>() ?? [])
            {
                c["terminationMessagePath"] ??= "/dev/termination-log";
                c["terminationMessagePolicy"] ??= "File";
                var image = ObjectJson.Str(c["image"]);
                c["imagePullPolicy"] ??= image.EndsWith(":latest", StringComparison.Ordinal) || !image.Contains(':') ? "Always" : "IfNotPresent";
                c["resources"] ??= new JsonObject();
                foreach (var p in (c["ports"] as JsonArray)?.OfType<JsonObject>() ?? [])
                {
                    p["protocol"] ??= "TCP";
                }
            }
        }

        pod["status"] = new JsonObject { ["phase"] = "Pending", ["qosClass"] = "BestEffort" };
    }

    private static void MergeStringData(JsonObject secret)
    {
        if (secret["stringData"] is not JsonObject stringData)
        {
            return;
        }

        var data = secret["data"] as JsonObject ?? [];
        secret["data"] = data;
        foreach (var (k, v) in stringData)
        {
            data[k] = Convert.ToBase64String(Encoding.UTF8.GetBytes(ObjectJson.Str(v)));
        }

        secret.Remove("stringData");
    }
}
