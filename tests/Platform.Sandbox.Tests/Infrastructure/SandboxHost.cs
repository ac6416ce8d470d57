using System.Net.Http.Headers;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using k8s;
using Platform.Sandbox.Hosting;

namespace Platform.Sandbox.Tests.Infrastructure;

/// <summary>A running sandbox plus a raw HTTPS client (for exact status codes and bodies) and the C# client.</summary>
public sealed class SandboxHost : IAsyncLifetime, IAsyncDisposable
{
    private readonly Action<SandboxOptions>? _configure;

    public SandboxHost()
    {
    }

    internal SandboxHost(Action<SandboxOptions> configure) => _configure = configure;

    public SandboxServer Server { get; private set; } = null!;

    public HttpClient Http { get; private set; } = null!;

    public Kubernetes Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var options = new SandboxOptions { EnableSchemaValidation = false, EnableWebhookAdmission = false };
        _configure?.Invoke(options);
        Server = await SandboxServer.StartAsync(options);
        Http = CreateHttp(Server, Server.AdminToken);
        Client = Server.CreateClient();
    }

    public static HttpClient CreateHttp(SandboxServer server, string? token)
    {
        var ca = X509CertificateLoader.LoadCertificate(server.CertificateAuthority.Certificate.RawData);
        var handler = new HttpClientHandler
        {
            ServerCertificateCustomValidationCallback = (_, cert, _, _) =>
            {
                if (cert is null)
                {
                    return false;
                }

                using var chain = new X509Chain();
                chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                chain.ChainPolicy.CustomTrustStore.Add(ca);
                chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                return chain.Build(cert);
            },
        };
        var http = new HttpClient(handler) { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        if (token is not null)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return http;
    }

    public async Task<(int Code, JsonObject? Body)> SendAsync(HttpMethod method, string path, string? body = null, string contentType = "application/json")
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8);
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }

        using var response = await Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        JsonObject? json = null;
        try
        {
            json = text.Length == 0 ? null : JsonNode.Parse(text) as JsonObject;
        }
        catch (System.Text.Json.JsonException)
        {
        }

        return ((int)response.StatusCode, json);
    }

    public Task<(int Code, JsonObject? Body)> PostAsync(string path, JsonObject body) => SendAsync(HttpMethod.Post, path, body.ToJsonString());

    public Task<(int Code, JsonObject? Body)> GetAsync(string path) => SendAsync(HttpMethod.Get, path);

    async ValueTask IAsyncDisposable.DisposeAsync() => await DisposeAsync();

    public async Task DisposeAsync()
    {
        Client.Dispose();
        Http.Dispose();
        await Server.DisposeAsync();
    }
}
