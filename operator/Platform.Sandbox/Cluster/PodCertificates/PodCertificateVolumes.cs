using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Platform.Sandbox.Cluster.PodCertificates;

/// <summary>
/// A kubelet's podCertificate projected volumes (KEP-4317): per source it generates a key, creates a
/// PodCertificateRequest as the node, waits for the signer, writes the credential bundle (PKCS#8 key PEM then
/// the chain) or key/chain files into the pod's volume directory, refreshes at status.beginRefreshAt, and
/// reports Denied/Failed as a permanent volume failure.
/// </summary>
internal sealed class PodCertificateVolumes : IDisposable
{
    private readonly IKubernetes _client;
    private readonly string _nodeName;
    private readonly Func<string> _nodeUid;
    private readonly PodVolumeDirectory _directory;
    private readonly Func<string, string, V1PodCertificateRequest?> _cachedRequest;
    private readonly Action<string> _requeue;
    private readonly EventRecorder _events;
    private readonly SimulatedClusterOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<(string PodUid, string Volume, int Source), CertificateProjection> _projections = new();

    public PodCertificateVolumes(IKubernetes client, string nodeName, Func<string> nodeUid, PodVolumeDirectory directory,
        Func<string, string, V1PodCertificateRequest?> cachedRequest, Action<string> requeue, EventRecorder events,
        SimulatedClusterOptions options, ILogger logger)
    {
        _client = client;
        _nodeName = nodeName;
        _nodeUid = nodeUid;
        _directory = directory;
        _cachedRequest = cachedRequest;
        _requeue = requeue;
        _events = events;
        _options = options;
        _time = options.TimeProvider;
        _logger = logger;
    }

    /// <summary>Advances every podCertificate source of the pod; returns whether all have credentials written.</summary>
    public async Task<VolumeReadiness> SyncAsync(V1Pod pod, CancellationToken ct)
    {
        var ready = true;
        foreach (var volume in pod.Spec?.Volumes ?? [])
        {
            var sources = volume.Projected?.Sources ?? [];
            for (var i = 0; i < sources.Count; i++)
            {
                if (sources[i].PodCertificate is not { } source)
                {
                    continue;
                }

                var projection = _projections.GetOrAdd((pod.Metadata.Uid, volume.Name, i), _ => new CertificateProjection());
                await AdvanceAsync(pod, volume.Name, source, projection, ct);
                if (projection.Phase is ProjectionPhase.Denied or ProjectionPhase.Failed)
                {
                    var failure = $"MountVolume.SetUp failed for volume \"{volume.Name}\" : PodCertificateRequest was permanently "
                        + $"{(projection.Phase == ProjectionPhase.Denied ? "denied" : "failed")}: reason=\"{projection.FailureReason}\" message=\"{projection.FailureMessage}\"";
                    if (!projection.FailureReported)
                    {
                        projection.FailureReported = true;
                        ClusterLog.VolumeFailed(_logger, pod.Metadata.NamespaceProperty, pod.Metadata.Name, volume.Name, projection.FailureReason);
                        await _events.RecordAsync(pod, "Warning", "FailedMount", failure, ct);
                    }

                    return new VolumeReadiness(false, volume.Name, failure);
                }

                ready &= projection.Phase is ProjectionPhase.Fresh or ProjectionPhase.WaitingRefresh;
            }
        }

        return ready ? VolumeReadiness.AllReady : VolumeReadiness.Waiting;
    }

    /// <summary>Drops the pod's keys and timers (the kubelet keeps keys in memory only).</summary>
    public void Forget(string podUid)
    {
        foreach (var key in _projections.Keys.Where(k => k.PodUid == podUid).ToList())
        {
            if (_projections.TryRemove(key, out var projection))
            {
                projection.Dispose();
            }
        }
    }

    public void Dispose()
    {
        foreach (var projection in _projections.Values)
        {
            projection.Dispose();
        }

        _projections.Clear();
    }

    private async Task AdvanceAsync(V1Pod pod, string volume, V1PodCertificateProjection source, CertificateProjection projection, CancellationToken ct)
    {
        var ns = pod.Metadata.NamespaceProperty;
        switch (projection.Phase)
        {
            case ProjectionPhase.Initial when PodVolumeDirectory.PathProblem(source) is { } problem:
                projection.Phase = ProjectionPhase.Failed;
                projection.FailureReason = "InvalidPath";
                projection.FailureMessage = problem;
                return;
            case ProjectionPhase.Initial:
                if (!await RequestAsync(pod, volume, source, projection, ct))
                {
                    return;
                }

                projection.Phase = ProjectionPhase.Waiting;
                break;
            case ProjectionPhase.Fresh when _time.GetUtcNow() >= projection.RefreshAt:
                if (!await RequestAsync(pod, volume, source, projection, ct))
                {
                    return;
                }

                projection.Phase = ProjectionPhase.WaitingRefresh;
                break;
        }

        if (projection.Phase is not (ProjectionPhase.Waiting or ProjectionPhase.WaitingRefresh))
        {
            return;
        }

        var request = _cachedRequest(ns, projection.PendingRequest!);
        if (request?.Status is not { } status)
        {
            return;
        }

        var terminal = status.Conditions?.FirstOrDefault(c => c.Type is "Denied" or "Failed" && c.Status == "True");
        if (terminal is not null)
        {
            projection.Phase = terminal.Type == "Denied" ? ProjectionPhase.Denied : ProjectionPhase.Failed;
            projection.FailureReason = terminal.Reason ?? "";
            projection.FailureMessage = terminal.Message ?? "";
            projection.PendingKeyPem = null;
            var verb = terminal.Type == "Denied" ? "was denied" : "failed";
            await _events.RecordAsync(pod, "Warning", terminal.Type,
                $"PodCertificateRequest {ns}/{request.Metadata.Name} {verb}, reason=\"{terminal.Reason}\", message=\"{terminal.Message}\"", ct);
            return;
        }

        if (string.IsNullOrEmpty(status.CertificateChain) || status.BeginRefreshAt is null || status.NotAfter is null)
        {
            return;
        }

        var chain = CleanChain(status.CertificateChain);
        await _directory.WriteCredentialsAsync(pod.Metadata.Uid, volume, source, projection.PendingKeyPem!, chain, ct);
        projection.KeyPem = projection.PendingKeyPem;
        projection.CertificateChain = chain;
        projection.PendingKeyPem = null;
        projection.PendingRequest = null;
        projection.NotAfter = new DateTimeOffset(DateTime.SpecifyKind(status.NotAfter.Value, DateTimeKind.Utc));
        projection.RefreshAt = new DateTimeOffset(DateTime.SpecifyKind(status.BeginRefreshAt.Value, DateTimeKind.Utc)) + Jitter();
        projection.Phase = ProjectionPhase.Fresh;
        ScheduleRefresh(pod, projection);
        ClusterLog.CredentialsWritten(_logger, ns, pod.Metadata.Name, volume, projection.RefreshAt);
    }

    private async Task<bool> RequestAsync(V1Pod pod, string volume, V1PodCertificateProjection source, CertificateProjection projection, CancellationToken ct)
    {
        var ns = pod.Metadata.NamespaceProperty;
        PodCertificateKey key;
        try
        {
            key = PodCertificateKey.Generate(source.KeyType, pod.Metadata.Uid);
        }
        catch (NotSupportedException e)
        {
            projection.Phase = ProjectionPhase.Failed;
            projection.FailureReason = "UnsupportedKeyType";
            projection.FailureMessage = e.Message;
            return false;
        }

        var account = pod.Spec?.ServiceAccountName is { Length: > 0 } sa ? sa : "default";
        var serviceAccount = await _client.CoreV1.ReadNamespacedServiceAccountAsync(account, ns, cancellationToken: ct);
        var owner = new V1OwnerReference { ApiVersion = "v1", Kind = "Pod", Name = pod.Metadata.Name, Uid = pod.Metadata.Uid };
        var metadata = new V1ObjectMeta { GenerateName = "req-", NamespaceProperty = ns, OwnerReferences = [owner] };
        var annotations = source.UserAnnotations is { Count: > 0 } a ? new Dictionary<string, string>(a) : null;
        string name;
        if (_options.LegacyPodCertificateRequests)
        {
            // Pre-GA encoding: v1beta1 with pkixPublicKey + proofOfPossession, for signers that predate stubPKCS10Request.
            name = (await _client.CertificatesV1beta1.CreateNamespacedPodCertificateRequestAsync(new V1beta1PodCertificateRequest
            {
                ApiVersion = "certificates.k8s.io/v1beta1",
                Kind = "PodCertificateRequest",
                Metadata = metadata,
                Spec = new V1beta1PodCertificateRequestSpec
                {
                    SignerName = source.SignerName, PodName = pod.Metadata.Name, PodUID = pod.Metadata.Uid,
                    ServiceAccountName = account, ServiceAccountUID = serviceAccount.Metadata.Uid,
                    NodeName = _nodeName, NodeUID = _nodeUid(), MaxExpirationSeconds = source.MaxExpirationSeconds,
                    PkixPublicKey = key.SubjectPublicKeyInfo, ProofOfPossession = key.ProofOfPossession, UnverifiedUserAnnotations = annotations,
                },
            }, ns, cancellationToken: ct)).Metadata.Name;
        }
        else
        {
            name = (await _client.CertificatesV1.CreateNamespacedPodCertificateRequestAsync(new V1PodCertificateRequest
            {
                ApiVersion = "certificates.k8s.io/v1",
                Kind = "PodCertificateRequest",
                Metadata = metadata,
                Spec = new V1PodCertificateRequestSpec
                {
                    SignerName = source.SignerName, PodName = pod.Metadata.Name, PodUID = pod.Metadata.Uid,
                    ServiceAccountName = account, ServiceAccountUID = serviceAccount.Metadata.Uid,
                    NodeName = _nodeName, NodeUID = _nodeUid(), MaxExpirationSeconds = source.MaxExpirationSeconds,
                    StubPKCS10Request = key.StubRequest, UnverifiedUserAnnotations = annotations,
                },
            }, ns, cancellationToken: ct)).Metadata.Name;
        }

        projection.PendingKeyPem = key.PrivateKeyPem;
        projection.PendingRequest = name;
        ClusterLog.CertificateRequested(_logger, ns, pod.Metadata.Name, name, volume);
        return true;
    }

    private void ScheduleRefresh(V1Pod pod, CertificateProjection projection)
    {
        projection.RefreshTimer?.Dispose();
        var due = projection.RefreshAt - _time.GetUtcNow();
        var key = $"{pod.Metadata.NamespaceProperty}/{pod.Metadata.Name}";
        projection.RefreshTimer = _time.CreateTimer(_ => _requeue(key), null, due < TimeSpan.Zero ? TimeSpan.Zero : due, Timeout.InfiniteTimeSpan);
    }

    private TimeSpan Jitter() => _options.MaxRefreshJitter <= TimeSpan.Zero
        ? TimeSpan.Zero
        : TimeSpan.FromTicks(Random.Shared.NextInt64(_options.MaxRefreshJitter.Ticks));

    /// <summary>Keeps only the CERTIFICATE blocks, re-encoded, as the kubelet does before projecting the chain.</summary>
    private static string CleanChain(string pem)
    {
        var builder = new StringBuilder();
        var rest = pem.AsSpan();
        while (PemEncoding.TryFind(rest, out var fields))
        {
            var der = Convert.FromBase64String(rest[fields.Base64Data].ToString());
            builder.Append(PemEncoding.WriteString("CERTIFICATE", der)).Append('\n');
            rest = rest[fields.Location.End..];
        }

        return builder.ToString();
    }
}
