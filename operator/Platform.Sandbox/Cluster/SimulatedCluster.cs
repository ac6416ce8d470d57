using System.Net;
using k8s;
using Microsoft.Extensions.Logging.Abstractions;
using Platform.Sandbox.Api;
using Platform.Sandbox.Cluster.Endpoints;
using Platform.Sandbox.Cluster.Kubelet;
using Platform.Sandbox.Cluster.Nodes;
using Platform.Sandbox.Cluster.Scheduling;
using Platform.Sandbox.Cluster.ServiceAccounts;
using Platform.Sandbox.Hosting;

namespace Platform.Sandbox.Cluster;

/// <summary>
/// Simulated nodes and control-plane controllers in front of an API server: N Ready nodes with Leases, a
/// scheduler, a kubelet per node (pods Running and Ready with IPs, podCertificate volumes), an EndpointSlice
/// controller and the service-account controller. Every part is an ordinary API client over HTTPS with its
/// own identity, as the real components are. Start with <see cref="StartAsync(SandboxServer, SimulatedClusterOptions?, CancellationToken)"/>;
/// dispose (or <see cref="StopAsync"/>) to stop. Stopping leaves the objects in the API server.
/// </summary>
public sealed class SimulatedCluster : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Kubernetes> _clients;
    private readonly List<NodeKubelet> _kubelets;
    private readonly List<Task> _loops = [];
    private bool _stopped;

    private SimulatedCluster(List<Kubernetes> clients, List<NodeKubelet> kubelets, string workingDirectory)
    {
        _clients = clients;
        _kubelets = kubelets;
        WorkingDirectory = Path.GetFullPath(workingDirectory);
    }

    public IReadOnlyList<string> NodeNames => [.. _kubelets.Select(k => k.NodeName)];

    public string WorkingDirectory { get; }

    /// <summary>Starts the cluster against an embedded <see cref="SandboxServer"/>, using tokens it issues.</summary>
    public static Task<SimulatedCluster> StartAsync(SandboxServer server, SimulatedClusterOptions? options = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(server);
        return StartAsync(identity => server.ClientConfigurationFor(identity.NodeName is { } node
            ? server.IssueNodeToken(node)
            : server.IssueToken(new AdmissionUserInfo(identity.Username, Guid.NewGuid().ToString(), identity.Groups))), options, ct);
    }

    /// <summary>Starts the cluster against any API server; <paramref name="configurationFor"/> gives each identity its client configuration.</summary>
    public static async Task<SimulatedCluster> StartAsync(Func<ClusterIdentity, KubernetesClientConfiguration> configurationFor, SimulatedClusterOptions? options = null,
        CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(configurationFor);
        options ??= new SimulatedClusterOptions();
        options.Validate();
        var loggers = options.LoggerFactory ?? NullLoggerFactory.Instance;
        var clients = new List<Kubernetes>();
        Kubernetes Client(ClusterIdentity identity)
        {
            var client = new Kubernetes(configurationFor(identity));
            clients.Add(client);
            return client;
        }

        var kubelets = new List<NodeKubelet>();
        for (var i = 1; i <= options.Nodes; i++)
        {
            var name = options.NodeNamePrefix + i;
            var addresses = new List<IPAddress> { IPAddress.Parse($"192.0.2.{10 + i}") };
            var subnets = new List<PodSubnet> { PodSubnet.ForNode(options.PodCidr, i, options.Nodes) };
            if (options.PodCidrIPv6 is { } v6)
            {
                addresses.Add(IPAddress.Parse($"2001:db8::{10 + i:x}"));
                subnets.Add(PodSubnet.ForNode(v6, i, options.Nodes));
            }

            kubelets.Add(new NodeKubelet(Client(ClusterIdentity.Node(name)), new SimulatedNode(name, i, addresses, subnets), options,
                loggers.CreateLogger($"Platform.Sandbox.Cluster.Kubelet.{name}")));
        }

        var scheduler = new PodScheduler(Client(ClusterIdentity.Scheduler), options.TimeProvider, loggers.CreateLogger("Platform.Sandbox.Cluster.Scheduler"));
        var slices = new EndpointSliceController(Client(ClusterIdentity.Controller("endpointslice-controller")), loggers.CreateLogger("Platform.Sandbox.Cluster.EndpointSlices"));
        var accounts = new ServiceAccountController(Client(ClusterIdentity.Controller("service-account-controller")), loggers.CreateLogger("Platform.Sandbox.Cluster.ServiceAccounts"));

        var cluster = new SimulatedCluster(clients, kubelets, options.WorkingDirectory);
        try
        {
            Directory.CreateDirectory(cluster.WorkingDirectory);
            await Task.WhenAll(kubelets.Select(k => k.Heartbeat.RegisterAsync(ct)));
            var token = cluster._stop.Token;
            cluster._loops.Add(Task.Run(() => accounts.RunAsync(token), CancellationToken.None));
            cluster._loops.Add(Task.Run(() => scheduler.RunAsync(token), CancellationToken.None));
            cluster._loops.Add(Task.Run(() => slices.RunAsync(token), CancellationToken.None));
            cluster._loops.AddRange(kubelets.Select(k => Task.Run(() => k.RunAsync(token), CancellationToken.None)));
            await Task.WhenAll([accounts.Synced, scheduler.Synced, slices.Synced, .. kubelets.Select(k => k.Synced)]).WaitAsync(ct);
            return cluster;
        }
        catch
        {
            await cluster.StopAsync();
            throw;
        }
    }

    /// <summary>The directory holding the files of a pod's projected volume (as the kubelet lays it out).</summary>
    public string PodVolumePath(string podUid, string volumeName) =>
        _kubelets.Count == 0 ? "" : _kubelets[0].Volumes.VolumePath(podUid, volumeName);

    /// <summary>Stops every component; objects stay in the API server.</summary>
    public async Task StopAsync()
    {
        if (_stopped)
        {
            return;
        }

        _stopped = true;
        await _stop.CancelAsync();
        try
        {
            await Task.WhenAll(_loops);
        }
        catch (OperationCanceledException)
        {
        }

        foreach (var kubelet in _kubelets)
        {
            kubelet.Dispose();
        }

        foreach (var client in _clients)
        {
            client.Dispose();
        }

        _stop.Dispose();
    }

    public async ValueTask DisposeAsync() => await StopAsync();
}
