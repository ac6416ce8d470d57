using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Logging;
using Platform.Sandbox.Http;

namespace Platform.Sandbox.Cluster.Nodes;

/// <summary>
/// The kubelet's node registration and heartbeats, as <c>system:node:&lt;name&gt;</c>: creates (or adopts) the
/// Node, posts Ready status with addresses and capacity, renews the node Lease in <c>kube-node-lease</c> every
/// <see cref="SimulatedClusterOptions.LeaseRenewInterval"/> and re-posts status every
/// <see cref="SimulatedClusterOptions.NodeStatusReportInterval"/>.
/// </summary>
internal sealed class NodeHeartbeat
{
    public const string LeaseNamespace = "kube-node-lease";

    private readonly IKubernetes _client;
    private readonly SimulatedNode _node;
    private readonly SimulatedClusterOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly V1NodeSystemInfo _info = new()
    {
        MachineID = Guid.NewGuid().ToString("N"),
        SystemUUID = Guid.NewGuid().ToString(),
        BootID = Guid.NewGuid().ToString(),
        KernelVersion = "6.8.0-sandbox",
        OsImage = "Platform Sandbox",
        ContainerRuntimeVersion = "containerd://2.1.0",
        KubeletVersion = Discovery.GitVersion,
        KubeProxyVersion = "",
        OperatingSystem = "linux",
        Architecture = "amd64",
    };

    private DateTime _readySince;

    public NodeHeartbeat(IKubernetes client, SimulatedNode node, SimulatedClusterOptions options, ILogger logger)
    {
        _client = client;
        _node = node;
        _options = options;
        _time = options.TimeProvider;
        _logger = logger;
    }

    /// <summary>The registered Node's UID (known after <see cref="RegisterAsync"/>).</summary>
    public string Uid { get; private set; } = "";

    /// <summary>The pod CIDRs the Node carries (its own, or those an existing Node object already had).</summary>
    public IReadOnlyList<string> PodCidrs { get; private set; } = [];

    public async Task RegisterAsync(CancellationToken ct)
    {
        _readySince = _time.GetUtcNow().UtcDateTime;
        V1Node node;
        try
        {
            node = await _client.CoreV1.ReadNodeAsync(_node.Name, cancellationToken: ct);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            node = await CreateAsync(ct);
        }

        Uid = node.Metadata.Uid;
        PodCidrs = node.Spec?.PodCIDRs is { Count: > 0 } cidrs ? [.. cidrs] : [.. _node.PodSubnets.Select(s => s.Cidr)];
        await PostStatusAsync(ct);
        await RenewLeaseAsync(ct);
        ClusterLog.NodeRegistered(_logger, _node.Name);
    }

    public async Task RunAsync(CancellationToken ct)
    {
        var nextStatus = _time.GetUtcNow() + _options.NodeStatusReportInterval;
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(_options.LeaseRenewInterval, _time, ct);
                await RenewLeaseAsync(ct);
                if (_time.GetUtcNow() >= nextStatus)
                {
                    await PostStatusAsync(ct);
                    nextStatus = _time.GetUtcNow() + _options.NodeStatusReportInterval;
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // A missed heartbeat is retried at the next interval, as the kubelet does.
                ClusterLog.HeartbeatFailed(_logger, _node.Name, e.Message);
            }
        }
    }

    private async Task<V1Node> CreateAsync(CancellationToken ct)
    {
        var cidrs = _node.PodSubnets.Select(s => s.Cidr).ToList();
        var node = new V1Node
        {
            ApiVersion = "v1",
            Kind = "Node",
            Metadata = new V1ObjectMeta
            {
                Name = _node.Name,
                Labels = new Dictionary<string, string>
                {
                    ["kubernetes.io/hostname"] = _node.Name,
                    ["kubernetes.io/os"] = "linux",
                    ["kubernetes.io/arch"] = "amd64",
                    ["beta.kubernetes.io/os"] = "linux",
                    ["beta.kubernetes.io/arch"] = "amd64",
                },
                Annotations = new Dictionary<string, string> { ["node.alpha.kubernetes.io/ttl"] = "0" },
            },
            Spec = new V1NodeSpec { PodCIDR = cidrs[0], PodCIDRs = cidrs },
        };
        try
        {
            return await _client.CoreV1.CreateNodeAsync(node, cancellationToken: ct);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Conflict)
        {
            return await _client.CoreV1.ReadNodeAsync(_node.Name, cancellationToken: ct);
        }
    }

    private async Task PostStatusAsync(CancellationToken ct)
    {
        var now = _time.GetUtcNow().UtcDateTime;
        V1NodeCondition Condition(string type, string status, string reason, string message) => new()
        {
            Type = type,
            Status = status,
            Reason = reason,
            Message = message,
            LastHeartbeatTime = now,
            LastTransitionTime = _readySince,
        };

        var addresses = _node.InternalAddresses.Select(a => new V1NodeAddress { Type = "InternalIP", Address = a.ToString() }).ToList();
        addresses.Add(new V1NodeAddress { Type = "Hostname", Address = _node.Name });
        var capacity = new Dictionary<string, ResourceQuantity>
        {
            ["cpu"] = new("4"),
            ["memory"] = new("8Gi"),
            ["pods"] = new("110"),
            ["ephemeral-storage"] = new("100Gi"),
            ["hugepages-2Mi"] = new("0"),
        };
        var allocatable = new Dictionary<string, ResourceQuantity>(capacity)
        {
            ["cpu"] = new("3900m"),
            ["memory"] = new("7680Mi"),
            ["ephemeral-storage"] = new("95Gi"),
        };
        var status = new V1Node
        {
            Status = new V1NodeStatus
            {
                Conditions =
                [
                    Condition("MemoryPressure", "False", "KubeletHasSufficientMemory", "kubelet has sufficient memory available"),
                    Condition("DiskPressure", "False", "KubeletHasNoDiskPressure", "kubelet has no disk pressure"),
                    Condition("PIDPressure", "False", "KubeletHasSufficientPID", "kubelet has sufficient PID available"),
                    Condition("Ready", "True", "KubeletReady", "kubelet is posting ready status"),
                ],
                Addresses = addresses,
                Capacity = capacity,
                Allocatable = allocatable,
                DaemonEndpoints = new V1NodeDaemonEndpoints { KubeletEndpoint = new V1DaemonEndpoint { Port = 10250 } },
                NodeInfo = _info,
            },
        };
        var patch = new V1Patch(KubernetesJson.Serialize(status), V1Patch.PatchType.MergePatch);
        await _client.CoreV1.PatchNodeStatusAsync(patch, _node.Name, cancellationToken: ct);
    }

    private async Task RenewLeaseAsync(CancellationToken ct)
    {
        var now = _time.GetUtcNow().UtcDateTime;
        try
        {
            var lease = await _client.CoordinationV1.ReadNamespacedLeaseAsync(_node.Name, LeaseNamespace, cancellationToken: ct);
            lease.Spec ??= new V1LeaseSpec();
            lease.Spec.HolderIdentity = _node.Name;
            lease.Spec.LeaseDurationSeconds = _options.LeaseDurationSeconds;
            lease.Spec.RenewTime = now;
            await _client.CoordinationV1.ReplaceNamespacedLeaseAsync(lease, _node.Name, LeaseNamespace, cancellationToken: ct);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            await _client.CoordinationV1.CreateNamespacedLeaseAsync(new V1Lease
            {
                ApiVersion = "coordination.k8s.io/v1",
                Kind = "Lease",
                Metadata = new V1ObjectMeta
                {
                    Name = _node.Name,
                    NamespaceProperty = LeaseNamespace,
                    OwnerReferences = Uid.Length == 0 ? null :
                    [
                        new V1OwnerReference { ApiVersion = "v1", Kind = "Node", Name = _node.Name, Uid = Uid },
                    ],
                },
                Spec = new V1LeaseSpec
                {
                    HolderIdentity = _node.Name,
                    LeaseDurationSeconds = _options.LeaseDurationSeconds,
                    RenewTime = now,
                },
            }, LeaseNamespace, cancellationToken: ct);
        }
    }
}
