using System.Net;
using System.Security.Cryptography;
using System.Text;
using k8s.Models;

namespace Platform.Sandbox.Cluster.Kubelet;

/// <summary>The pod statuses a kubelet reports: waiting for volumes, running and ready, and terminated.</summary>
internal static class PodStatusBuilder
{
    private static readonly string[] KubeletConditions = ["PodReadyToStartContainers", "Initialized", "ContainersReady", "Ready", "PodScheduled"];

    public static V1PodStatus Pending(V1Pod pod, IReadOnlyList<IPAddress> hostIps, DateTime now, string? failure)
    {
        var unready = ContainerNames(pod);
        var hasInit = pod.Spec?.InitContainers is { Count: > 0 };
        return new V1PodStatus
        {
            Phase = "Pending",
            QosClass = pod.Status?.QosClass,
            HostIP = hostIps[0].ToString(),
            HostIPs = [.. hostIps.Select(ip => new V1HostIP { Ip = ip.ToString() })],
            StartTime = pod.Status?.StartTime ?? now,
            Conditions = Merge(pod, now,
            [
                Condition("PodReadyToStartContainers", "False", null, null),
                hasInit ? Condition("Initialized", "False", "ContainersNotInitialized", $"containers with incomplete status: [{string.Join(" ", InitNames(pod))}]") : Condition("Initialized", "True", null, null),
                Condition("Ready", "False", "ContainersNotReady", $"containers with unready status: [{string.Join(" ", unready)}]"),
                Condition("ContainersReady", "False", "ContainersNotReady", $"containers with unready status: [{string.Join(" ", unready)}]"),
                Condition("PodScheduled", "True", null, null),
            ]),
            InitContainerStatuses = hasInit ? [.. pod.Spec!.InitContainers.Select(c => Waiting(c, "PodInitializing", null))] : null,
            ContainerStatuses = [.. (pod.Spec?.Containers ?? []).Select(c => Waiting(c, "ContainerCreating", failure is null ? null : "volume setup failed"))],
        };
    }

    public static V1PodStatus Running(V1Pod pod, IReadOnlyList<IPAddress> hostIps, IReadOnlyList<IPAddress> podIps, DateTime now)
    {
        var gatesPass = (pod.Spec?.ReadinessGates ?? []).All(g => pod.Status?.Conditions?.Any(c => c.Type == g.ConditionType && c.Status == "True") == true);
        var started = pod.Status?.ContainerStatuses?.Where(s => s.State?.Running?.StartedAt is not null)
            .ToDictionary(s => s.Name, s => s.State.Running.StartedAt!.Value, StringComparer.Ordinal) ?? [];
        return new V1PodStatus
        {
            Phase = "Running",
            QosClass = pod.Status?.QosClass,
            HostIP = hostIps[0].ToString(),
            HostIPs = [.. hostIps.Select(ip => new V1HostIP { Ip = ip.ToString() })],
            PodIP = podIps[0].ToString(),
            PodIPs = [.. podIps.Select(ip => new V1PodIP { Ip = ip.ToString() })],
            StartTime = pod.Status?.StartTime ?? now,
            Conditions = Merge(pod, now,
            [
                Condition("PodReadyToStartContainers", "True", null, null),
                Condition("Initialized", "True", null, null),
                gatesPass ? Condition("Ready", "True", null, null) : Condition("Ready", "False", "ReadinessGatesNotReady", "corresponding condition of pod readiness gate is not true"),
                Condition("ContainersReady", "True", null, null),
                Condition("PodScheduled", "True", null, null),
            ]),
            InitContainerStatuses = pod.Spec?.InitContainers is { Count: > 0 } init
                ? [.. init.Select(c => c.RestartPolicy == "Always" ? RunningStatus(pod, c, started.GetValueOrDefault(c.Name, now)) : Completed(pod, c, now))]
                : null,
            ContainerStatuses = [.. (pod.Spec?.Containers ?? []).Select(c => RunningStatus(pod, c, started.GetValueOrDefault(c.Name, now)))],
        };
    }

    public static V1PodStatus Terminated(V1Pod pod, DateTime now)
    {
        var status = new V1PodStatus
        {
            Phase = "Succeeded",
            QosClass = pod.Status?.QosClass,
            HostIP = pod.Status?.HostIP,
            HostIPs = pod.Status?.HostIPs,
            PodIP = pod.Status?.PodIP,
            PodIPs = pod.Status?.PodIPs,
            StartTime = pod.Status?.StartTime ?? now,
            Conditions = Merge(pod, now,
            [
                Condition("PodReadyToStartContainers", "False", null, null),
                Condition("Initialized", "True", "PodCompleted", null),
                Condition("Ready", "False", "PodCompleted", null),
                Condition("ContainersReady", "False", "PodCompleted", null),
                Condition("PodScheduled", "True", null, null),
            ]),
            InitContainerStatuses = pod.Spec?.InitContainers is { Count: > 0 } init ? [.. init.Select(c => Completed(pod, c, now))] : null,
            ContainerStatuses = [.. (pod.Spec?.Containers ?? []).Select(c => Completed(pod, c, now))],
        };
        return status;
    }

    /// <summary>True when <paramref name="current"/> already says what <paramref name="desired"/> says (no write needed).</summary>
    public static bool Equivalent(V1PodStatus? current, V1PodStatus desired) =>
        current is not null
        && current.Phase == desired.Phase
        && current.PodIP == desired.PodIP
        && current.HostIP == desired.HostIP
        && Fingerprint(current.Conditions) == Fingerprint(desired.Conditions)
        && Fingerprint(current.ContainerStatuses) == Fingerprint(desired.ContainerStatuses)
        && Fingerprint(current.InitContainerStatuses) == Fingerprint(desired.InitContainerStatuses);

    private static string Fingerprint(IEnumerable<V1PodCondition>? conditions) =>
        string.Join(";", (conditions ?? []).Where(c => KubeletConditions.Contains(c.Type)).OrderBy(c => c.Type, StringComparer.Ordinal).Select(c => $"{c.Type}={c.Status}/{c.Reason}"));

    private static string Fingerprint(IEnumerable<V1ContainerStatus>? statuses) =>
        string.Join(";", (statuses ?? []).Select(s => $"{s.Name}:{s.Ready}:{(s.State?.Running is not null ? "running" : s.State?.Terminated is not null ? "terminated" : s.State?.Waiting?.Reason)}"));

    /// <summary>Keeps conditions owned by others (readiness gates) and transition times of unchanged conditions.</summary>
    private static List<V1PodCondition> Merge(V1Pod pod, DateTime now, List<V1PodCondition> mine)
    {
        var existing = pod.Status?.Conditions ?? [];
        foreach (var c in mine)
        {
            var previous = existing.FirstOrDefault(e => e.Type == c.Type);
            c.LastTransitionTime = previous is not null && previous.Status == c.Status ? previous.LastTransitionTime ?? now : now;
        }

        return [.. mine, .. existing.Where(e => !KubeletConditions.Contains(e.Type))];
    }

    private static V1PodCondition Condition(string type, string status, string? reason, string? message) =>
        new() { Type = type, Status = status, Reason = reason, Message = message };

    private static V1ContainerStatus Waiting(V1Container c, string reason, string? message) => new()
    {
        Name = c.Name,
        Image = c.Image,
        ImageID = "",
        Ready = false,
        Started = false,
        RestartCount = 0,
        State = new V1ContainerState { Waiting = new V1ContainerStateWaiting { Reason = reason, Message = message } },
    };

    private static V1ContainerStatus RunningStatus(V1Pod pod, V1Container c, DateTime startedAt) => new()
    {
        Name = c.Name,
        Image = c.Image,
        ImageID = ImageId(c.Image),
        ContainerID = ContainerId(pod, c),
        Ready = true,
        Started = true,
        RestartCount = 0,
        State = new V1ContainerState { Running = new V1ContainerStateRunning { StartedAt = startedAt } },
    };

    private static V1ContainerStatus Completed(V1Pod pod, V1Container c, DateTime now) => new()
    {
        Name = c.Name,
        Image = c.Image,
        ImageID = ImageId(c.Image),
        ContainerID = ContainerId(pod, c),
        Ready = false,
        Started = false,
        RestartCount = 0,
        State = new V1ContainerState
        {
            Terminated = new V1ContainerStateTerminated { ExitCode = 0, Reason = "Completed", StartedAt = pod.Status?.StartTime ?? now, FinishedAt = now, ContainerID = ContainerId(pod, c) },
        },
    };

    private static List<string> ContainerNames(V1Pod pod) => [.. (pod.Spec?.Containers ?? []).Select(c => c.Name)];

    private static List<string> InitNames(V1Pod pod) => [.. (pod.Spec?.InitContainers ?? []).Select(c => c.Name)];

    private static string ImageId(string? image)
    {
        var name = image ?? "";
        var repository = name.Contains('@', StringComparison.Ordinal) ? name[..name.IndexOf('@', StringComparison.Ordinal)] : name.Split(':')[0];
        return $"{repository}@sha256:{Hash(name)}";
    }

    private static string ContainerId(V1Pod pod, V1Container c) => $"containerd://{Hash(pod.Metadata.Uid + "/" + c.Name)}";

    private static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
