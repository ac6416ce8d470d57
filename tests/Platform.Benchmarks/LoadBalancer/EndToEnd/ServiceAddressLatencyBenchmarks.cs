using System.Globalization;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using k8s;

namespace Platform.Benchmarks.LoadBalancer.EndToEnd;

/// <summary>
/// End to end in the embedded control plane: 5,000 LoadBalancer Services created at once; reports the time until
/// all have an address and p50/p99/max from each create call returning to the watch event showing
/// status.loadBalancer.ingress. The BenchmarkDotNet time is just the run's duration; the figures are printed and
/// appended to loadbalancer-end-to-end.txt in the BenchmarkDotNet artifacts directory.
/// Run: dotnet run -c Release --project tests/Platform.Benchmarks -- --filter '*ServiceAddressLatency*'
/// </summary>
[Config(typeof(SingleColdRunConfig))]
public class ServiceAddressLatencyBenchmarks
{
    private const string PoolName = "bench-pool";

    // RFC 2544 benchmarking range: the addresses only ever live in objects, never on the network.
    private const string PoolCidr = "198.18.0.0/16";

    private LoadBalancerControlPlane plane = null!;
    private int round;

    [Params(5_000)]
    public int Services { get; set; }

    /// <summary>Concurrent clients creating Services.</summary>
    [Params(8)]
    public int ClientTasks { get; set; }

    /// <summary>
    /// Reconciles run per controller at once (`platform controller --concurrency`). Allocation itself is serialized;
    /// what overlaps is the API round trips (annotation, status, event writes), so more workers help until the
    /// API server's CPU is the limit.
    /// </summary>
    [Params(4, 16)]
    public int MaxConcurrentReconciles { get; set; }

    [GlobalSetup]
    public void Setup() => SetupAsync().GetAwaiter().GetResult();

    [GlobalCleanup]
    public void Cleanup() => plane.DisposeAsync().AsTask().GetAwaiter().GetResult();

    [Benchmark(Description = "5,000 Services at once: create → ingress")]
    public async Task<string> CreateToIngress()
    {
        var ns = "bench-" + Interlocked.Increment(ref round).ToString(CultureInfo.InvariantCulture);
        var run = new AddressLatencyRun(plane, Services, ClientTasks, MaxConcurrentReconciles, TimeSpan.FromMinutes(4));
        var report = await run.RunAsync(ns);
        Console.WriteLine($"// {report}");
        var directory = Path.Combine(Directory.GetCurrentDirectory(), "BenchmarkDotNet.Artifacts");
        Directory.CreateDirectory(directory);
        await File.AppendAllTextAsync(Path.Combine(directory, "loadbalancer-end-to-end.txt"), $"{DateTimeOffset.UtcNow:O} {report}{Environment.NewLine}");
        return report.ToString();
    }

    private async Task SetupAsync()
    {
        plane = await LoadBalancerControlPlane.StartAsync(MaxConcurrentReconciles);
        await plane.Server.ApplyManifestAsync($"""
            apiVersion: metallb.io/v1beta1
            kind: IPAddressPool
            metadata:
              name: {PoolName}
              namespace: {LoadBalancerControlPlane.PoolNamespace}
            spec:
              addresses:
              - {PoolCidr}
            """);

        // The controller allocates only once it has synced pools and Services; the pool's status says it has.
        using var client = plane.Server.CreateClient();
        var deadline = DateTimeOffset.UtcNow.AddSeconds(60);
        while (true)
        {
            var pool = JsonSerializer.SerializeToElement(await client.CustomObjects.GetNamespacedCustomObjectAsync(
                "metallb.io", "v1beta1", LoadBalancerControlPlane.PoolNamespace, "ipaddresspools", PoolName));
            if (pool.TryGetProperty("status", out var status)
                && status.TryGetProperty("availableIPv4", out var available)
                && available.GetInt64() == 65_536)
            {
                return;
            }

            if (DateTimeOffset.UtcNow > deadline)
            {
                throw new InvalidOperationException($"pool {PoolName} was not reconciled within 60 s: {pool}");
            }

            await Task.Delay(100);
        }
    }
}
