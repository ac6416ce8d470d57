using System.Text.Json.Nodes;

namespace Platform.Benchmarks.Webhooks;

/// <summary>A realistic ServiceEntry AdmissionReview (about 1 KB), as the API server sends it.</summary>
internal static class ServiceEntryReviews
{
    public static string Create(string uid = "7f0b2c54-1d1e-4a7a-9a43-3c2f8f1b9d10") => new JsonObject
    {
        ["apiVersion"] = "admission.k8s.io/v1",
        ["kind"] = "AdmissionReview",
        ["request"] = new JsonObject
        {
            ["uid"] = uid,
            ["kind"] = Gvk("kind", "ServiceEntry"),
            ["resource"] = Gvk("resource", "serviceentries"),
            ["requestKind"] = Gvk("kind", "ServiceEntry"),
            ["requestResource"] = Gvk("resource", "serviceentries"),
            ["name"] = "external-api",
            ["namespace"] = "payments",
            ["operation"] = "CREATE",
            ["userInfo"] = new JsonObject { ["username"] = "system:serviceaccount:argocd:argocd-application-controller", ["groups"] = new JsonArray("system:serviceaccounts", "system:authenticated") },
            ["object"] = new JsonObject
            {
                ["apiVersion"] = "networking.istio.io/v1",
                ["kind"] = "ServiceEntry",
                ["metadata"] = new JsonObject { ["name"] = "external-api", ["namespace"] = "payments", ["labels"] = new JsonObject { ["app"] = "payments" } },
                ["spec"] = new JsonObject
                {
                    ["hosts"] = new JsonArray("api.payments.example.com", "api2.payments.example.com"),
                    ["location"] = "MESH_EXTERNAL",
                    ["resolution"] = "DNS",
                    ["exportTo"] = new JsonArray(".", "istio-system"),
                    ["ports"] = new JsonArray(
                        new JsonObject { ["number"] = 443, ["name"] = "https", ["protocol"] = "TLS" },
                        new JsonObject { ["number"] = 80, ["name"] = "http", ["protocol"] = "HTTP", ["targetPort"] = 8080 }),
                },
            },
            ["dryRun"] = false,
            ["options"] = new JsonObject { ["apiVersion"] = "meta.k8s.io/v1", ["kind"] = "CreateOptions", ["fieldManager"] = "kubectl-client-side-apply" },
        },
    }.ToJsonString();

    private static JsonObject Gvk(string field, string value) =>
        new() { ["group"] = "networking.istio.io", ["version"] = "v1", [field] = value };
}
