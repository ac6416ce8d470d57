using System.Net.Http.Headers;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using Platform.Sandbox.Api;
using Platform.Sandbox.Hosting;
using Platform.Sandbox.Resources;
using Platform.Sandbox.Rest;

namespace Platform.Benchmarks.Sandbox;

/// <summary>
/// Embedded control plane throughput. Targets: ≥ 5,000 object writes/s and ≥ 20,000 watch events/s
/// delivered to 10 concurrent watchers (2 cores). Each benchmark reports time per operation; the
/// per-second figure is 1 / (time per op).
/// </summary>
[MemoryDiagnoser]
public class SandboxThroughputBenchmarks
{
    private const int Writes = 2_000;
    private const int Watchers = 10;

    private SandboxServer _server = null!;
    private HttpClient _http = null!;
    private int _round;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _server = await SandboxServer.StartAsync(new SandboxOptions { EnableSchemaValidation = false, EnableWebhookAdmission = false });
        var ca = X509CertificateLoader.LoadCertificate(_server.CertificateAuthority.Certificate.RawData);
        var handler = new SocketsHttpHandler { MaxConnectionsPerServer = 64 };
        handler.SslOptions.RemoteCertificateValidationCallback = (_, cert, _, _) =>
        {
            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.Add(ca);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            return cert is X509Certificate2 c && chain.Build(c);
        };
        _http = new HttpClient(handler) { BaseAddress = _server.BaseAddress };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", _server.AdminToken);
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
    }

    private static JsonObject ConfigMap(string name) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "ConfigMap",
        ["metadata"] = new JsonObject { ["name"] = name, ["labels"] = new JsonObject { ["bench"] = "true" } },
        ["data"] = new JsonObject { ["key"] = "value" },
    };

    /// <summary>Create through the full request pipeline, in process (no HTTP).</summary>
    [Benchmark(OperationsPerInvoke = Writes)]
    public async Task StoreWrite()
    {
        var round = Interlocked.Increment(ref _round);
        var type = BuiltInResources.All.First(t => t.Plural == "configmaps");
        var user = new AdmissionUserInfo("bench", "", []);
        for (var i = 0; i < Writes; i++)
        {
            await _server.Operations.CreateAsync(new ApiRequest { Type = type, Namespace = "default", User = user }, ConfigMap($"s{round}-{i}"), CancellationToken.None);
        }
    }

    /// <summary>Create over HTTPS with 8 concurrent clients.</summary>
    [Benchmark(OperationsPerInvoke = Writes)]
    public async Task HttpWrite()
    {
        var round = Interlocked.Increment(ref _round);
        await Parallel.ForAsync(0, Writes, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, ct) =>
        {
            using var content = new StringContent(ConfigMap($"h{round}-{i}").ToJsonString(), Encoding.UTF8, "application/json");
            using var response = await _http.PostAsync("/api/v1/namespaces/default/configmaps", content, ct);
            response.EnsureSuccessStatusCode();
        });
    }

    /// <summary>Watch events delivered: 10 watchers each receive every one of <see cref="Writes"/> creates.</summary>
    [Benchmark(OperationsPerInvoke = Writes * Watchers)]
    public async Task WatchFanOut()
    {
        var round = Interlocked.Increment(ref _round);
        var ns = $"watch-{round}";
        using (var nsContent = new StringContent("{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"" + ns + "\"}}", Encoding.UTF8, "application/json"))
        {
            (await _http.PostAsync("/api/v1/namespaces", nsContent)).EnsureSuccessStatusCode();
        }

        var readers = new List<Task>();
        var ready = new CountdownEvent(Watchers);
        for (var w = 0; w < Watchers; w++)
        {
            readers.Add(Task.Run(async () =>
            {
                using var response = await _http.GetAsync($"/api/v1/namespaces/{ns}/configmaps?watch=1", HttpCompletionOption.ResponseHeadersRead);
                using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
                ready.Signal();
                for (var seen = 0; seen < Writes;)
                {
                    if (await reader.ReadLineAsync() is null)
                    {
                        throw new InvalidOperationException("watch ended early");
                    }

                    seen++;
                }
            }));
        }

        ready.Wait(TimeSpan.FromSeconds(30));
        var type = BuiltInResources.All.First(t => t.Plural == "configmaps");
        var user = new AdmissionUserInfo("bench", "", []);
        for (var i = 0; i < Writes; i++)
        {
            await _server.Operations.CreateAsync(new ApiRequest { Type = type, Namespace = ns, User = user }, ConfigMap($"w{i}"), CancellationToken.None);
        }

        await Task.WhenAll(readers);
    }
}
