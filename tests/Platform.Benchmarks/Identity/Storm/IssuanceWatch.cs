using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Platform.Sandbox.Hosting;

namespace Platform.Benchmarks.Identity.Storm;

/// <summary>
/// Watches every PodCertificateRequest over HTTPS and records the <see cref="Stopwatch"/> timestamp at which each
/// one was first seen Issued, Denied or Failed. Reconnects from the last resourceVersion if the watch ends.
/// </summary>
internal sealed class IssuanceWatch : IAsyncDisposable
{
    private readonly HttpClient http;
    private readonly CancellationTokenSource stop = new();
    private readonly ConcurrentDictionary<string, long> issued = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> refused = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource connected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Task loop;
    private int reconnects;

    public IssuanceWatch(SandboxServer server)
    {
        var ca = X509CertificateLoader.LoadCertificate(server.CertificateAuthority.Certificate.RawData);
        var handler = new SocketsHttpHandler();
        handler.SslOptions.RemoteCertificateValidationCallback = (_, cert, _, _) =>
        {
            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.Add(ca);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            return cert is X509Certificate2 c && chain.Build(c);
        };
        http = new HttpClient(handler) { BaseAddress = server.BaseAddress, Timeout = Timeout.InfiniteTimeSpan };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", server.AdminToken);
        loop = Task.Run(() => RunAsync(stop.Token));
    }

    /// <summary>"namespace/name" → timestamp first seen Issued.</summary>
    public IReadOnlyDictionary<string, long> Issued => issued;

    /// <summary>"namespace/name" → "Denied: reason" or "Failed: reason".</summary>
    public IReadOnlyDictionary<string, string> Refused => refused;

    public int Reconnects => reconnects;

    public Task Connected => connected.Task;

    public static string Key(string ns, string name) => ns + "/" + name;

    private async Task RunAsync(CancellationToken ct)
    {
        var resourceVersion = string.Empty;
        while (!ct.IsCancellationRequested)
        {
            try
            {
                var query = "/apis/certificates.k8s.io/v1/podcertificaterequests?watch=1&allowWatchBookmarks=false&timeoutSeconds=3600"
                    + (resourceVersion.Length > 0 ? "&resourceVersion=" + resourceVersion : string.Empty);
                using var response = await http.GetAsync(query, HttpCompletionOption.ResponseHeadersRead, ct);
                response.EnsureSuccessStatusCode();
                using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(ct));
                connected.TrySetResult();
                while (await reader.ReadLineAsync(ct) is { } line)
                {
                    if (line.Length > 0 && JsonNode.Parse(line) is JsonObject evt && evt["object"] is JsonObject obj)
                    {
                        resourceVersion = obj["metadata"]?["resourceVersion"]?.GetValue<string>() ?? resourceVersion;
                        Record(obj);
                    }
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (HttpRequestException)
            {
                await Task.Delay(100, ct);
            }
            catch (IOException)
            {
                await Task.Delay(100, ct);
            }

            Interlocked.Increment(ref reconnects);
        }
    }

    private void Record(JsonObject obj)
    {
        var now = Stopwatch.GetTimestamp();
        if (obj["status"]?["conditions"] is not JsonArray conditions)
        {
            return;
        }

        var key = Key(obj["metadata"]?["namespace"]?.GetValue<string>() ?? string.Empty, obj["metadata"]?["name"]?.GetValue<string>() ?? string.Empty);
        foreach (var condition in conditions.OfType<JsonObject>())
        {
            var type = condition["type"]?.GetValue<string>();
            if (condition["status"]?.GetValue<string>() != "True")
            {
                continue;
            }

            if (type == "Issued")
            {
                issued.TryAdd(key, now);
            }
            else if (type is "Denied" or "Failed")
            {
                refused.TryAdd(key, $"{type}: {condition["reason"]?.GetValue<string>()}");
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        try
        {
            await loop;
        }
        catch (OperationCanceledException)
        {
            // Stopping the watch is the expected end.
        }

        stop.Dispose();
        http.Dispose();
    }
}
