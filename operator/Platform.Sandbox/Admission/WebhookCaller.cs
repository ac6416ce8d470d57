using System.Collections.Concurrent;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Platform.Sandbox.Admission;

/// <summary>
/// POSTs AdmissionReviews over HTTPS, trusting only the webhook's caBundle (the system roots when it is empty)
/// and checking the certificate names the expected host (the URL's host, or <c>name.namespace.svc</c> for a
/// service). One HttpClient per (caBundle, host) is kept for connection reuse.
/// </summary>
internal sealed class WebhookCaller : IDisposable
{
    private readonly ConcurrentDictionary<string, HttpClient> clients = new(StringComparer.Ordinal);
    private readonly TimeProvider time;

    public WebhookCaller(TimeProvider time) => this.time = time;

    public async Task<JsonNode?> PostAsync(Uri url, string expectedHost, byte[] caBundle, JsonObject review, TimeSpan timeout, CancellationToken ct)
    {
        var key = Convert.ToHexString(SHA256.HashData(caBundle)) + "|" + expectedHost;
        var client = clients.GetOrAdd(key, _ => CreateClient(caBundle, expectedHost));
        using var deadline = new CancellationTokenSource(timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, deadline.Token);
        try
        {
            using var content = new StringContent(review.ToJsonString(), Encoding.UTF8, "application/json");
            using var response = await client.PostAsync(url, content, linked.Token).ConfigureAwait(false);
            var body = await response.Content.ReadAsStringAsync(linked.Token).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw new WebhookCallException($"failed to call webhook: the server responded with HTTP {(int)response.StatusCode}: {Truncate(body)}");
            }

            try
            {
                return JsonNode.Parse(body);
            }
            catch (JsonException ex)
            {
                throw new WebhookCallException("failed to call webhook: response body is not JSON: " + ex.Message, ex);
            }
        }
        catch (OperationCanceledException ex) when (deadline.IsCancellationRequested && !ct.IsCancellationRequested)
        {
            throw new WebhookCallException($"failed to call webhook: Post \"{url}\": context deadline exceeded", ex);
        }
        catch (HttpRequestException ex)
        {
            throw new WebhookCallException($"failed to call webhook: Post \"{url}\": {Innermost(ex).Message}", ex);
        }
    }

    public void Dispose()
    {
        foreach (var client in clients.Values)
        {
            client.Dispose();
        }

        clients.Clear();
    }

    private static HttpClient CreateClient(byte[] caBundle, string expectedHost)
    {
        var roots = new X509Certificate2Collection();
        if (caBundle.Length > 0)
        {
            try
            {
                roots.ImportFromPem(Encoding.ASCII.GetString(caBundle));
            }
            catch (CryptographicException)
            {
                // An unreadable bundle trusts nothing: every call fails the TLS check, as upstream.
            }
        }

        var useSystemRoots = caBundle.Length == 0;
        var handler = new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            SslOptions = new SslClientAuthenticationOptions
            {
                TargetHost = expectedHost,
                RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
                    certificate is not null && (useSystemRoots ? errors == SslPolicyErrors.None : Trusted(certificate, roots, expectedHost)),
            },
        };
        return new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
    }

    private static bool Trusted(X509Certificate certificate, X509Certificate2Collection roots, string expectedHost)
    {
        if (roots.Count == 0)
        {
            return false;
        }

        using var leaf = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(roots);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(leaf) && leaf.MatchesHostname(expectedHost);
    }

    private static Exception Innermost(Exception ex)
    {
        while (ex.InnerException is not null)
        {
            ex = ex.InnerException;
        }

        return ex;
    }

    private static string Truncate(string s) => s.Length <= 256 ? s : s[..256];
}
