using System.Text.Json.Nodes;
using Platform.Sandbox.Api;

namespace Platform.Sandbox.Tests.Admission;

/// <summary>Builds webhook configurations and admission requests for the admission tests.</summary>
internal static class WebhookConfigJson
{
    public const string PodRules = """[{"operations":["CREATE"],"apiGroups":[""],"apiVersions":["v1"],"resources":["pods"]}]""";

    public static JsonObject Webhook(
        string name,
        JsonObject clientConfig,
        string rules = PodRules,
        string? failurePolicy = null,
        string sideEffects = "None",
        int? timeoutSeconds = null,
        string? reinvocationPolicy = null,
        string? namespaceSelector = null,
        string? objectSelector = null,
        string? matchPolicy = null)
    {
        var w = new JsonObject
        {
            ["name"] = name,
            ["clientConfig"] = clientConfig,
            ["rules"] = JsonNode.Parse(rules),
            ["sideEffects"] = sideEffects,
            ["admissionReviewVersions"] = new JsonArray("v1"),
        };
        if (failurePolicy is not null)
        {
            w["failurePolicy"] = failurePolicy;
        }

        if (timeoutSeconds is not null)
        {
            w["timeoutSeconds"] = timeoutSeconds;
        }

        if (reinvocationPolicy is not null)
        {
            w["reinvocationPolicy"] = reinvocationPolicy;
        }

        if (namespaceSelector is not null)
        {
            w["namespaceSelector"] = JsonNode.Parse(namespaceSelector);
        }

        if (objectSelector is not null)
        {
            w["objectSelector"] = JsonNode.Parse(objectSelector);
        }

        if (matchPolicy is not null)
        {
            w["matchPolicy"] = matchPolicy;
        }

        return w;
    }

    public static JsonObject UrlConfig(TestWebhookServer server, string path, string? caBundle = null) =>
        new() { ["url"] = server.Url(path).ToString(), ["caBundle"] = caBundle ?? server.CaBundleBase64 };

    public static JsonObject ServiceConfig(string ns, string name, int port, string path, string caBundle) =>
        new() { ["service"] = new JsonObject { ["namespace"] = ns, ["name"] = name, ["port"] = port, ["path"] = path }, ["caBundle"] = caBundle };

    public static string Configuration(string name, params JsonObject[] webhooks) => Configuration("MutatingWebhookConfiguration", name, webhooks);

    public static string Configuration(string kind, string name, params JsonObject[] webhooks) =>
        new JsonObject
        {
            ["apiVersion"] = "admissionregistration.k8s.io/v1",
            ["kind"] = kind,
            ["metadata"] = new JsonObject { ["name"] = name },
            ["webhooks"] = new JsonArray(webhooks.Select(w => (JsonNode?)w).ToArray()),
        }.ToJsonString();

    public static InMemoryObjectStore AddMutating(this InMemoryObjectStore store, string name, params JsonObject[] webhooks) =>
        store.Add("admissionregistration.k8s.io", "v1", "mutatingwebhookconfigurations", Configuration(name, webhooks));

    public static InMemoryObjectStore AddValidating(this InMemoryObjectStore store, string name, params JsonObject[] webhooks) =>
        store.Add("admissionregistration.k8s.io", "v1", "validatingwebhookconfigurations", Configuration("ValidatingWebhookConfiguration", name, webhooks));

    public static AdmissionAttributes PodCreate(string ns = "team", string labels = """{"app":"web"}""", bool dryRun = false) => new()
    {
        Operation = AdmissionOperation.Create,
        Group = "",
        Version = "v1",
        Resource = "pods",
        KindGroup = "",
        KindVersion = "v1",
        Kind = "Pod",
        Name = "web-0",
        Namespace = ns,
        UserInfo = new AdmissionUserInfo("alice", "u-1", ["system:authenticated"]),
        Object = JsonNode.Parse($$$"""{"apiVersion":"v1","kind":"Pod","metadata":{"name":"web-0","namespace":"{{{ns}}}","labels":{{{labels}}}},"spec":{"containers":[{"name":"app","image":"nginx"}]}}""")!.AsObject(),
        DryRun = dryRun,
    };
}
