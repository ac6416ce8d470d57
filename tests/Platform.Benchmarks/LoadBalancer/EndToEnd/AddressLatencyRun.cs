using System.Diagnostics;
using System.Globalization;
using k8s;
using k8s.Models;

namespace Platform.Benchmarks.LoadBalancer.EndToEnd;

/// <summary>
/// Creates many LoadBalancer Services at once from a few client tasks into a fresh namespace, watches them, and
/// times each from its create call returning to the first watch event carrying an ingress address.
/// </summary>
internal sealed class AddressLatencyRun
{
    private const string NamePrefix = "svc-";

    private readonly LoadBalancerControlPlane plane;
    private readonly int services;
    private readonly int clientTasks;
    private readonly int maxConcurrentReconciles;
    private readonly TimeSpan limit;
    private readonly long[] created;
    private readonly long[] addressed;
    private int remaining;

    public AddressLatencyRun(LoadBalancerControlPlane plane, int services, int clientTasks, int maxConcurrentReconciles, TimeSpan limit)
    {
        this.plane = plane;
        this.services = services;
        this.clientTasks = clientTasks;
        this.maxConcurrentReconciles = maxConcurrentReconciles;
        this.limit = limit;
        created = new long[services];
        addressed = new long[services];
        remaining = services;
    }

    public async Task<AddressLatencyReport> RunAsync(string ns)
    {
        using var client = plane.Server.CreateClient();
        await client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = ns } });
        var start = await client.CoreV1.ListNamespacedServiceAsync(ns);

        using var cts = new CancellationTokenSource(limit);
        var allAddressed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        // The watch starts from the list's resourceVersion, so no event is missed however late it connects.
        var watching = Task.Run(() => WatchAsync(client, ns, start.Metadata.ResourceVersion, allAddressed, cts.Token));

        var began = Stopwatch.GetTimestamp();
        var creators = Enumerable.Range(0, clientTasks).Select(t => Task.Run(() => CreateAsync(t, ns, cts.Token))).ToArray();
        await Task.WhenAll(creators);
        var createPhase = Stopwatch.GetElapsedTime(began);

        try
        {
            await allAddressed.Task.WaitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            Console.WriteLine($"// time limit {limit} reached with {Volatile.Read(ref remaining)} Services still without an address");
        }

        var untilAll = Stopwatch.GetElapsedTime(began);
        await cts.CancelAsync();
        try
        {
            await watching;
        }
        catch (OperationCanceledException)
        {
            // The watch ends by cancellation.
        }

        var latencies = new List<TimeSpan>(services);
        for (var i = 0; i < services; i++)
        {
            if (addressed[i] != 0)
            {
                // An address event can beat the create response to the client; that Service waited zero time.
                latencies.Add(TimeSpan.FromTicks(Math.Max(0, Stopwatch.GetElapsedTime(created[i], addressed[i]).Ticks)));
            }
        }

        // Where in the run the addresses come: how many first appear in each second after the first create.
        Console.WriteLine("// addresses seen per second of the run: " + string.Join(" ", addressed.Where(a => a != 0)
            .GroupBy(a => (int)Stopwatch.GetElapsedTime(began, a).TotalSeconds).OrderBy(g => g.Key).Select(g => $"{g.Key}s:{g.Count()}")));
        return AddressLatencyReport.From(services, clientTasks, maxConcurrentReconciles, createPhase, untilAll, latencies);
    }

    private async Task CreateAsync(int task, string ns, CancellationToken ct)
    {
        using var client = plane.Server.CreateClient();
        for (var i = task; i < services; i += clientTasks)
        {
            var name = NamePrefix + i.ToString("D5", CultureInfo.InvariantCulture);
            await client.CoreV1.CreateNamespacedServiceAsync(
                new V1Service
                {
                    Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns },
                    Spec = new V1ServiceSpec
                    {
                        Type = "LoadBalancer",
                        // MetalLB-style: no node ports, so 5,000 Services fit the 2,768-port NodePort range.
                        AllocateLoadBalancerNodePorts = false,
                        Selector = new Dictionary<string, string> { ["app"] = name },
                        Ports = [new V1ServicePort { Port = 80, Protocol = "TCP", TargetPort = 8080 }],
                    },
                },
                ns,
                cancellationToken: ct);
            created[i] = Stopwatch.GetTimestamp();
        }
    }

    private async Task WatchAsync(Kubernetes client, string ns, string resourceVersion, TaskCompletionSource allAddressed, CancellationToken ct)
    {
        var reconnects = 0;
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await foreach (var (type, service) in client.CoreV1.WatchListNamespacedServiceAsync(ns, resourceVersion: resourceVersion, allowWatchBookmarks: true, cancellationToken: ct))
                {
                    var now = Stopwatch.GetTimestamp();
                    if (service is null)
                    {
                        continue;
                    }

                    resourceVersion = service.Metadata?.ResourceVersion ?? resourceVersion;
                    if (type is not (WatchEventType.Added or WatchEventType.Modified) || service.Status?.LoadBalancer?.Ingress is not { Count: > 0 })
                    {
                        continue;
                    }

                    var name = service.Metadata?.Name ?? string.Empty;
                    if (!name.StartsWith(NamePrefix, StringComparison.Ordinal)
                        || !int.TryParse(name.AsSpan(NamePrefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var index)
                        || index >= services
                        || addressed[index] != 0)
                    {
                        continue;
                    }

                    addressed[index] = now;
                    if (--remaining == 0)
                    {
                        allAddressed.TrySetResult();
                    }
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // A dropped watch resumes from the last resourceVersion seen.
                if (++reconnects <= 3)
                {
                    Console.WriteLine($"// watch reconnecting after {e}");
                }

                await Task.Delay(100, ct);
            }
        }

        ct.ThrowIfCancellationRequested();
    }
}
