using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Platform.Sandbox.Tests.Admission;

/// <summary>
/// An HTTPS admission webhook server on 127.0.0.1 (Kestrel, random port) with a certificate issued by a CA made
/// in the test. Each path answers with a handler that receives the AdmissionReview request; every request is recorded.
/// </summary>
internal sealed class TestWebhookServer : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly ConcurrentDictionary<string, Func<JsonObject, Task<JsonObject>>> handlers = new();

    private TestWebhookServer(WebApplication app, byte[] caBundle)
    {
        this.app = app;
        CaBundle = caBundle;
    }

    public byte[] CaBundle { get; }

    public string CaBundleBase64 => Convert.ToBase64String(CaBundle);

    public Uri BaseAddress { get; private set; } = new("https://127.0.0.1/");

    public ConcurrentQueue<(string Path, JsonObject Request)> Received { get; } = new();

    public int CallsTo(string path) => Received.Count(r => r.Path == path);

    public static async Task<TestWebhookServer> StartAsync()
    {
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=test webhook CA", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        var now = DateTimeOffset.UtcNow;
        using var ca = caRequest.CreateSelfSigned(now.AddDays(-1), now.AddDays(1));

        using var leafKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var leafRequest = new CertificateRequest("CN=webhook.test.svc", leafKey, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName("webhook.test.svc");
        san.AddDnsName("localhost");
        san.AddIpAddress(IPAddress.Loopback);
        leafRequest.CertificateExtensions.Add(san.Build());
        leafRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        leafRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var leafPublic = leafRequest.Create(ca, now.AddHours(-1), now.AddHours(12), [1, 2, 3, 4]);
        using var leafWithKey = leafPublic.CopyWithPrivateKey(leafKey);
        var leaf = X509CertificateLoader.LoadPkcs12(leafWithKey.Export(X509ContentType.Pkcs12), null);

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, o => o.UseHttps(leaf)));
        var app = builder.Build();
        var server = new TestWebhookServer(app, Encoding.ASCII.GetBytes(ca.ExportCertificatePem()));
        app.Run(server.HandleAsync);
        await app.StartAsync();
        server.BaseAddress = new Uri(app.Urls.First());
        return server;
    }

    public void On(string path, Func<JsonObject, JsonObject> handler) => handlers[path] = r => Task.FromResult(handler(r));

    public void OnAsync(string path, Func<JsonObject, Task<JsonObject>> handler) => handlers[path] = handler;

    public Uri Url(string path) => new(BaseAddress, path);

    /// <summary>An AdmissionReview response for <paramref name="request"/>.</summary>
    public static JsonObject Respond(JsonObject request, bool allowed, JsonObject? extra = null)
    {
        var response = new JsonObject { ["uid"] = request["request"]!["uid"]!.GetValue<string>(), ["allowed"] = allowed };
        foreach (var (key, value) in extra ?? [])
        {
            response[key] = value?.DeepClone();
        }

        return new JsonObject { ["apiVersion"] = "admission.k8s.io/v1", ["kind"] = "AdmissionReview", ["response"] = response };
    }

    public static JsonObject RespondWithPatch(JsonObject request, string patchJson, params string[] warnings) =>
        Respond(request, true, new JsonObject
        {
            ["patchType"] = "JSONPatch",
            ["patch"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(patchJson)),
            ["warnings"] = new JsonArray(warnings.Select(w => (JsonNode?)JsonValue.Create(w)).ToArray()),
        });

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "/";
        var body = await JsonNode.ParseAsync(context.Request.Body);
        var request = body!.AsObject();
        Received.Enqueue((path, request));
        if (!handlers.TryGetValue(path, out var handler))
        {
            context.Response.StatusCode = 404;
            return;
        }

        var response = await handler(request);
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(response.ToJsonString());
    }
}
