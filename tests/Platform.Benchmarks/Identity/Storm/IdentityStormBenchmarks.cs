using System.Collections.Concurrent;
using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using k8s.Models;

namespace Platform.Benchmarks.Identity.Storm;

/// <summary>
/// Issue 6 §8: a storm of 10,000 PodCertificateRequests against the identity signer in the embedded control plane,
/// one cold-start iteration run in process. Setup (not measured): 50 nodes, 10,000 pods bound to them, 10,000 stub
/// PKCS#10 requests from fresh P-256 keys, the operator started and its CA created by a warm-up request. Measured:
/// creating every request as its pod's node (16 concurrent) until all are Issued. Five probe requests for pods in
/// another namespace are created once half the storm is in, to show new pods are not starved. The figures are
/// printed (and written to BenchmarkDotNet.Artifacts/identity-storm.txt) after the run.
/// <code>dotnet run -c Release --project tests/Platform.Benchmarks -- --filter '*IdentityStorm*'</code>
/// </summary>
[Config(typeof(Config))]
public class IdentityStormBenchmarks
{
    private const int Requests = 10_000;
    private const int Probes = 5;
    private const int Nodes = 50;
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(4);

    private StormCluster cluster = null!;
    private IssuanceWatch watch = null!;
    private StormPod[] pods = [];
    private StormPod[] probePods = [];
    private V1PodCertificateRequest[] requests = [];
    private V1PodCertificateRequest[] probeRequests = [];
    private StormReport? report;
    private bool ran;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        cluster = await StormCluster.StartAsync(Nodes);
        await cluster.CreateNamespaceAsync("storm");
        await cluster.CreateNamespaceAsync("probe");
        pods = await cluster.CreatePodsAsync("storm", "w", Requests);
        probePods = await cluster.CreatePodsAsync("probe", "p", Probes + 1);
        requests = pods.Select(cluster.RequestFor).ToArray();
        probeRequests = probePods.Select(cluster.RequestFor).ToArray();
        watch = new IssuanceWatch(cluster.Server);
        await watch.Connected.WaitAsync(TimeSpan.FromSeconds(30));
        await cluster.StartOperatorAsync(concurrency: 8);

        // The first request creates the trust-domain CA; the storm measures steady-state signing.
        var warmUp = probePods[^1];
        await cluster.CreateRequestAsNodeAsync(warmUp, probeRequests[^1], CancellationToken.None);
        var key = IssuanceWatch.Key(warmUp.Namespace, probeRequests[^1].Metadata.Name);
        var until = Stopwatch.GetTimestamp();
        while (!watch.Issued.ContainsKey(key))
        {
            if (watch.Refused.TryGetValue(key, out var why) || Stopwatch.GetElapsedTime(until) > TimeSpan.FromMinutes(1))
            {
                throw new InvalidOperationException($"warm-up request not issued: {why ?? "timed out"}");
            }

            await Task.Delay(20);
        }
    }

    [Benchmark]
    public async Task Storm()
    {
        // A storm consumes its pods' requests: one measured run per process (cold start, one iteration).
        if (ran)
        {
            throw new InvalidOperationException("the storm runs once per process; use the configured cold-start job");
        }

        ran = true;
        var created = new long[Requests];
        var probeCreated = new long[Probes];
        var failures = new ConcurrentQueue<string>();
        var count = 0;
        Task probes = Task.CompletedTask;
        var start = Stopwatch.GetTimestamp();
        await Parallel.ForAsync(0, Requests, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, ct) =>
        {
            created[i] = Stopwatch.GetTimestamp();
            try
            {
                await cluster.CreateRequestAsNodeAsync(pods[i], requests[i], ct);
            }
            catch (Exception e) when (e is HttpRequestException or k8s.Autorest.HttpOperationException or TaskCanceledException)
            {
                failures.Enqueue($"create {pods[i].Name}: {e.Message}");
            }

            if (Interlocked.Increment(ref count) == Requests / 2)
            {
                probes = Task.Run(() => CreateProbesAsync(probeCreated, failures), CancellationToken.None);
            }
        });
        var createTime = Stopwatch.GetElapsedTime(start);
        await probes;

        var keys = pods.Select((p, i) => IssuanceWatch.Key(p.Namespace, requests[i].Metadata.Name)).ToArray();
        var probeKeys = probePods.Take(Probes).Select((p, i) => IssuanceWatch.Key(p.Namespace, probeRequests[i].Metadata.Name)).ToArray();
        while (keys.Concat(probeKeys).Any(k => !watch.Issued.ContainsKey(k) && !watch.Refused.ContainsKey(k)) && Stopwatch.GetElapsedTime(start) < Deadline)
        {
            await Task.Delay(50);
        }

        var stormLatencies = new List<TimeSpan>();
        var last = start;
        var timeouts = 0;
        for (var i = 0; i < Requests; i++)
        {
            if (watch.Issued.TryGetValue(keys[i], out var at))
            {
                stormLatencies.Add(StormReport.Elapsed(created[i], at));
                last = Math.Max(last, at);
            }
            else if (watch.Refused.TryGetValue(keys[i], out var why))
            {
                failures.Enqueue($"{keys[i]}: {why}");
            }
            else
            {
                timeouts++;
            }
        }

        var probeLatencies = new List<TimeSpan>();
        for (var i = 0; i < Probes; i++)
        {
            if (watch.Issued.TryGetValue(probeKeys[i], out var at))
            {
                probeLatencies.Add(StormReport.Elapsed(probeCreated[i], at));
                last = Math.Max(last, at);
            }
            else if (watch.Refused.TryGetValue(probeKeys[i], out var why))
            {
                failures.Enqueue($"{probeKeys[i]}: {why}");
            }
            else
            {
                timeouts++;
            }
        }

        report = new StormReport(Requests + Probes, StormReport.Elapsed(start, last), createTime, stormLatencies, probeLatencies, Requests / 2, timeouts, failures.ToList(), watch.Reconnects);
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        if (report is not null)
        {
            var text = report.Format();
            Console.WriteLine(text);
            Directory.CreateDirectory("BenchmarkDotNet.Artifacts");
            await File.WriteAllTextAsync(Path.Combine("BenchmarkDotNet.Artifacts", "identity-storm.txt"), text);
        }

        await watch.DisposeAsync();
        await cluster.DisposeAsync();
    }

    private async Task CreateProbesAsync(long[] probeCreated, ConcurrentQueue<string> failures)
    {
        await Parallel.ForAsync(0, Probes, async (i, ct) =>
        {
            probeCreated[i] = Stopwatch.GetTimestamp();
            try
            {
                await cluster.CreateRequestAsNodeAsync(probePods[i], probeRequests[i], ct);
            }
            catch (Exception e) when (e is HttpRequestException or k8s.Autorest.HttpOperationException or TaskCanceledException)
            {
                failures.Enqueue($"create probe {probePods[i].Name}: {e.Message}");
            }
        });
    }

    /// <summary>One cold-start iteration in process: the storm is a single long operation, not a microbenchmark.</summary>
    private sealed class Config : ManualConfig
    {
        public Config() => AddJob(Job.Dry.WithToolchain(new InProcessEmitToolchain(TimeSpan.FromMinutes(20), logOutput: true)).WithId("storm"));
    }
}
