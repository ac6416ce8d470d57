using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Platform.Webhooks.Certificates;
using Platform.Webhooks.Hosting;
using Platform.Webhooks.Tests.Support;

namespace Platform.Webhooks.Tests.Certificates;

public sealed class SelfManagedCertificateTests
{
    private const string Label = "app.kubernetes.io/part-of";

    [Fact]
    public async Task Creates_the_CA_serves_with_it_and_writes_the_caBundle_into_the_suites_configurations_only()
    {
        await using var api = await FakeKubernetesApi.StartAsync();
        Seed(api);

        await using var replica = await StartReplicaAsync(api, new FakeTimeProvider(DateTimeOffset.UtcNow));

        var secret = api.Get("secrets", TestPki.Namespace, "platform-webhook-ca")!;
        var caPem = Encoding.ASCII.GetString(Convert.FromBase64String(secret["data"]!["ca.crt"]!.GetValue<string>()));
        var ca = X509Certificate2.CreateFromPem(caPem);
        Assert.Equal(caPem, CaBundle(api, "validatingwebhookconfigurations", "platform-validating-webhooks", 0));
        Assert.Equal(caPem, CaBundle(api, "validatingwebhookconfigurations", "platform-validating-webhooks", 1));
        Assert.Equal(caPem, CaBundle(api, "mutatingwebhookconfigurations", "platform-mutating-webhooks", 0));
        Assert.Equal("someone else's CA", CaBundle(api, "validatingwebhookconfigurations", "istiod-default-validator", 0));
        Assert.Equal(0, api.Writes("validatingwebhookconfigurations", null, "istiod-default-validator"));

        var serving = replica.Services.GetRequiredService<ServingCertificateStore>().Current!.Certificate;
        Assert.Equal(ca.Subject, serving.Issuer);
        Assert.Contains("platform-webhooks.platform-system.svc", serving.GetNameInfo(X509NameType.DnsName, false) + string.Join(",", SubjectAlternativeNames(serving)), StringComparison.Ordinal);

        // The API server's view: trust only the caBundle from the configuration, call the Service name.
        var response = await Reviews.PostAsync(replica.CreateClient(trusted: ca), "/validate/widget", Reviews.Review("CREATE", Reviews.WidgetObject("a", 1)));
        Assert.True(response.Allowed);
    }

    [Fact]
    public async Task A_second_replica_reuses_the_CA_and_rewrites_nothing()
    {
        await using var api = await FakeKubernetesApi.StartAsync();
        Seed(api);
        await using var first = await StartReplicaAsync(api, new FakeTimeProvider(DateTimeOffset.UtcNow));
        var secretBefore = api.Get("secrets", TestPki.Namespace, "platform-webhook-ca")!.ToJsonString();
        var writesBefore = api.Writes("validatingwebhookconfigurations", null, "platform-validating-webhooks");

        await using var second = await StartReplicaAsync(api, new FakeTimeProvider(DateTimeOffset.UtcNow));

        Assert.Equal(secretBefore, api.Get("secrets", TestPki.Namespace, "platform-webhook-ca")!.ToJsonString());
        Assert.Equal(1, api.Writes("secrets", TestPki.Namespace, "platform-webhook-ca"));
        Assert.Equal(writesBefore, api.Writes("validatingwebhookconfigurations", null, "platform-validating-webhooks"));
        var firstCa = first.Services.GetRequiredService<ServingCertificateStore>().Current!.Certificate.Issuer;
        Assert.Equal(firstCa, second.Services.GetRequiredService<ServingCertificateStore>().Current!.Certificate.Issuer);
        var ca = X509Certificate2.CreateFromPem(CaBundle(api, "validatingwebhookconfigurations", "platform-validating-webhooks", 0));
        Assert.True((await Reviews.PostAsync(second.CreateClient(trusted: ca), "/validate/widget", Reviews.Review("CREATE", Reviews.WidgetObject("b", 1)))).Allowed);
    }

    [Fact]
    public async Task Renews_the_serving_certificate_before_expiry_and_repairs_a_cleared_caBundle()
    {
        await using var api = await FakeKubernetesApi.StartAsync();
        Seed(api);
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var replica = await StartReplicaAsync(api, time);
        var store = replica.Services.GetRequiredService<ServingCertificateStore>();
        var original = store.Current!.Certificate;

        // 59 days of 90 with renewal at 30 days left: not yet.
        time.Advance(TimeSpan.FromDays(59));
        await Task.Delay(200);
        Assert.Equal(original.Thumbprint, store.Current!.Certificate.Thumbprint);

        time.Advance(TimeSpan.FromDays(2));
        await CertificateRotationTests.WaitUntilAsync(
            () => store.Current!.Certificate.Thumbprint != original.Thumbprint, "renewal", () => time.Advance(TimeSpan.FromMinutes(1)));
        var renewed = store.Current!.Certificate;
        Assert.Equal(original.Issuer, renewed.Issuer);
        Assert.True(renewed.NotAfter > original.NotAfter);

        var configuration = api.Get("validatingwebhookconfigurations", null, "platform-validating-webhooks")!;
        var caPem = CaBundle(api, "validatingwebhookconfigurations", "platform-validating-webhooks", 0);
        configuration["webhooks"]![0]!["clientConfig"]!.AsObject().Remove("caBundle");
        api.Put("validatingwebhookconfigurations", configuration);
        await CertificateRotationTests.WaitUntilAsync(
            () => api.Get("validatingwebhookconfigurations", null, "platform-validating-webhooks")!["webhooks"]![0]!["clientConfig"]!["caBundle"] is not null,
            "the caBundle to be repaired",
            () => time.Advance(TimeSpan.FromSeconds(10)));
        Assert.Equal(caPem, CaBundle(api, "validatingwebhookconfigurations", "platform-validating-webhooks", 0));
    }

    [Fact]
    public async Task Starts_while_the_API_is_down_and_provisions_once_it_is_back()
    {
        await using var api = await FakeKubernetesApi.StartAsync();
        Seed(api);
        api.Unavailable = true;
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);

        await using var replica = await StartReplicaAsync(api, time);
        var store = replica.Services.GetRequiredService<ServingCertificateStore>();
        Assert.Null(store.Current);
        Assert.Null(api.Get("secrets", TestPki.Namespace, "platform-webhook-ca"));

        api.Unavailable = false;
        await CertificateRotationTests.WaitUntilAsync(
            () => store.Current is not null && api.Get("validatingwebhookconfigurations", null, "platform-validating-webhooks")!["webhooks"]![0]!["clientConfig"]!["caBundle"] is not null,
            "provisioning after the API came back",
            () => time.Advance(TimeSpan.FromSeconds(5)));
        var ca = X509Certificate2.CreateFromPem(CaBundle(api, "validatingwebhookconfigurations", "platform-validating-webhooks", 0));
        Assert.True((await Reviews.PostAsync(replica.CreateClient(trusted: ca), "/validate/widget", Reviews.Review("CREATE", Reviews.WidgetObject("c", 1)))).Allowed);
    }

    private static async Task<WebhookHost> StartReplicaAsync(FakeKubernetesApi api, TimeProvider time) =>
        await WebhookHost.StartAsync(
            options => options.CertificateMode = ServingCertificateMode.SelfManaged,
            webhooks =>
            {
                webhooks.Services.AddSingleton(api.CreateClient());
                webhooks.Services.AddSingleton(time);
                webhooks.AddValidation<WidgetValidationWebhook, Widget>();
            });

    private static void Seed(FakeKubernetesApi api)
    {
        JsonObject Webhook(string name, string? caBundle) => new()
        {
            ["name"] = name,
            ["admissionReviewVersions"] = new JsonArray("v1"),
            ["sideEffects"] = "None",
            ["clientConfig"] = caBundle is null
                ? new JsonObject { ["service"] = new JsonObject { ["name"] = "platform-webhooks", ["namespace"] = "platform-system" } }
                : new JsonObject { ["caBundle"] = Convert.ToBase64String(Encoding.ASCII.GetBytes(caBundle)), ["url"] = "https://istiod.istio-system.svc:443/validate" },
        };

        JsonObject Configuration(string kind, string name, bool ours, params JsonObject[] webhooks) => new()
        {
            ["apiVersion"] = "admissionregistration.k8s.io/v1",
            ["kind"] = kind,
            ["metadata"] = new JsonObject
            {
                ["name"] = name,
                ["labels"] = ours ? new JsonObject { [Label] = "platform" } : new JsonObject { ["app"] = "istiod" },
            },
            ["webhooks"] = new JsonArray(webhooks),
        };

        api.Put("validatingwebhookconfigurations", Configuration("ValidatingWebhookConfiguration", "platform-validating-webhooks", true,
            Webhook("validate.widget.test.platform.io", null), Webhook("validate.gadget.test.platform.io", null)));
        api.Put("mutatingwebhookconfigurations", Configuration("MutatingWebhookConfiguration", "platform-mutating-webhooks", true,
            Webhook("mutate.widget.test.platform.io", null)));
        api.Put("validatingwebhookconfigurations", Configuration("ValidatingWebhookConfiguration", "istiod-default-validator", false,
            Webhook("validation.istio.io", "someone else's CA")));
    }

    private static string CaBundle(FakeKubernetesApi api, string collection, string name, int index) =>
        Encoding.ASCII.GetString(Convert.FromBase64String(
            api.Get(collection, null, name)!["webhooks"]![index]!["clientConfig"]!["caBundle"]!.GetValue<string>()));

    private static IEnumerable<string> SubjectAlternativeNames(X509Certificate2 certificate) =>
        certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().SelectMany(e => e.EnumerateDnsNames());
}
