using System.Net;
using System.Text;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Platform.Sandbox.Cluster.PodCertificates;

namespace Platform.Sandbox.Cluster.Kubelet;

/// <summary>
/// The other sources of projected volumes, written once before the pod starts, as the node:
/// <c>serviceAccountToken</c> (a TokenRequest bound to the pod), <c>configMap</c>, <c>secret</c>,
/// <c>downwardAPI</c> (metadata and spec fields) and <c>clusterTrustBundle</c> (by name, or by signerName and
/// labelSelector, PEM blocks concatenated). A missing non-optional object fails the setup; the caller retries.
/// </summary>
internal sealed class ProjectedSources
{
    private readonly IKubernetes _client;
    private readonly PodVolumeDirectory _directory;

    public ProjectedSources(IKubernetes client, PodVolumeDirectory directory)
    {
        _client = client;
        _directory = directory;
    }

    /// <summary>True when the pod has any projected source other than podCertificate.</summary>
    public static bool Has(V1Pod pod) =>
        (pod.Spec?.Volumes ?? []).Any(v => (v.Projected?.Sources ?? []).Any(s => s.PodCertificate is null));

    /// <summary>Writes every non-podCertificate source; throws <see cref="VolumeSetupException"/> when one cannot be set up.</summary>
    public async Task WriteAsync(V1Pod pod, CancellationToken ct)
    {
        var ns = pod.Metadata.NamespaceProperty;
        foreach (var volume in pod.Spec?.Volumes ?? [])
        {
            foreach (var source in volume.Projected?.Sources ?? [])
            {
                if (source.ServiceAccountToken is { } token)
                {
                    await WriteTokenAsync(pod, volume.Name, token, ct);
                }

                if (source.ConfigMap is { } configMap)
                {
                    var map = await ReadAsync(() => _client.CoreV1.ReadNamespacedConfigMapAsync(configMap.Name, ns, cancellationToken: ct));
                    if (map is null && configMap.Optional != true)
                    {
                        throw new VolumeSetupException(volume.Name, $"configmap \"{configMap.Name}\" not found");
                    }

                    var data = (map?.Data ?? new Dictionary<string, string>()).ToDictionary(kv => kv.Key, kv => Encoding.UTF8.GetBytes(kv.Value), StringComparer.Ordinal);
                    foreach (var (k, v) in map?.BinaryData ?? new Dictionary<string, byte[]>())
                    {
                        data[k] = v;
                    }

                    await WriteItemsAsync(pod, volume.Name, data, configMap.Items, configMap.Optional == true, $"configmap \"{configMap.Name}\"", ct);
                }

                if (source.Secret is { } secret)
                {
                    var found = await ReadAsync(() => _client.CoreV1.ReadNamespacedSecretAsync(secret.Name, ns, cancellationToken: ct));
                    if (found is null && secret.Optional != true)
                    {
                        throw new VolumeSetupException(volume.Name, $"secret \"{secret.Name}\" not found");
                    }

                    var data = new Dictionary<string, byte[]>(found?.Data ?? new Dictionary<string, byte[]>(), StringComparer.Ordinal);
                    await WriteItemsAsync(pod, volume.Name, data, secret.Items, secret.Optional == true, $"secret \"{secret.Name}\"", ct);
                }

                foreach (var file in source.DownwardAPI?.Items ?? [])
                {
                    var value = DownwardValue(pod, file) ?? throw new VolumeSetupException(volume.Name, $"unsupported downward API field for \"{file.Path}\"");
                    await _directory.WriteFileAsync(pod.Metadata.Uid, volume.Name, file.Path, PodVolumeDirectory.Utf8.GetBytes(value), ct);
                }

                if (source.ClusterTrustBundle is { } bundle)
                {
                    await WriteTrustBundleAsync(pod, volume.Name, bundle, ct);
                }
            }
        }
    }

    private async Task WriteTokenAsync(V1Pod pod, string volume, V1ServiceAccountTokenProjection token, CancellationToken ct)
    {
        var account = pod.Spec?.ServiceAccountName is { Length: > 0 } sa ? sa : "default";
        Authenticationv1TokenRequest issued;
        try
        {
            issued = await _client.CoreV1.CreateNamespacedServiceAccountTokenAsync(new Authenticationv1TokenRequest
            {
                ApiVersion = "authentication.k8s.io/v1",
                Kind = "TokenRequest",
                Spec = new V1TokenRequestSpec
                {
                    Audiences = string.IsNullOrEmpty(token.Audience) ? [] : [token.Audience],
                    ExpirationSeconds = token.ExpirationSeconds ?? 3600,
                    BoundObjectRef = new V1BoundObjectReference { ApiVersion = "v1", Kind = "Pod", Name = pod.Metadata.Name, Uid = pod.Metadata.Uid },
                },
            }, account, pod.Metadata.NamespaceProperty, cancellationToken: ct);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            throw new VolumeSetupException(volume, $"serviceaccount \"{account}\" not found");
        }

        await _directory.WriteFileAsync(pod.Metadata.Uid, volume, token.Path, PodVolumeDirectory.Utf8.GetBytes(issued.Status.Token), ct);
    }

    private async Task WriteItemsAsync(V1Pod pod, string volume, Dictionary<string, byte[]> data, IList<V1KeyToPath>? items, bool optional, string what, CancellationToken ct)
    {
        if (items is { Count: > 0 })
        {
            foreach (var item in items)
            {
                if (!data.TryGetValue(item.Key, out var value))
                {
                    if (optional)
                    {
                        continue;
                    }

                    throw new VolumeSetupException(volume, $"{what} has no key \"{item.Key}\"");
                }

                await _directory.WriteFileAsync(pod.Metadata.Uid, volume, item.Path, value, ct);
            }

            return;
        }

        foreach (var (key, value) in data)
        {
            await _directory.WriteFileAsync(pod.Metadata.Uid, volume, key, value, ct);
        }
    }

    private async Task WriteTrustBundleAsync(V1Pod pod, string volume, V1ClusterTrustBundleProjection projection, CancellationToken ct)
    {
        var pem = new StringBuilder();
        if (!string.IsNullOrEmpty(projection.Name))
        {
            var named = await ReadAsync(() => _client.CertificatesV1.ReadClusterTrustBundleAsync(projection.Name, cancellationToken: ct));
            pem.Append(named?.Spec?.TrustBundle);
        }
        else if (projection.LabelSelector is { } selector)
        {
            // signerName plus labelSelector; an unset selector matches nothing, an empty one everything.
            var bundles = await _client.CertificatesV1.ListClusterTrustBundleAsync(labelSelector: SelectorText(selector), cancellationToken: ct);
            foreach (var b in bundles.Items.Where(b => b.Spec?.SignerName == projection.SignerName).OrderBy(b => b.Metadata.Name, StringComparer.Ordinal))
            {
                pem.Append(b.Spec.TrustBundle.TrimEnd()).Append('\n');
            }
        }

        var text = Deduplicate(pem.ToString());
        if (text.Length == 0)
        {
            if (projection.Optional == true)
            {
                return;
            }

            throw new VolumeSetupException(volume, "no ClusterTrustBundle matched the clusterTrustBundle projection");
        }

        await _directory.WriteFileAsync(pod.Metadata.Uid, volume, projection.Path, PodVolumeDirectory.Utf8.GetBytes(text), ct);
    }

    private static string Deduplicate(string pem)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var output = new StringBuilder();
        var rest = pem.AsSpan();
        while (System.Security.Cryptography.PemEncoding.TryFind(rest, out var fields))
        {
            var data = rest[fields.Base64Data].ToString();
            if (rest[fields.Label].ToString() == "CERTIFICATE" && seen.Add(data))
            {
                output.Append(System.Security.Cryptography.PemEncoding.WriteString("CERTIFICATE", Convert.FromBase64String(data))).Append('\n');
            }

            rest = rest[fields.Location.End..];
        }

        return output.ToString();
    }

    private static string SelectorText(V1LabelSelector selector)
    {
        var terms = (selector.MatchLabels ?? new Dictionary<string, string>()).Select(kv => $"{kv.Key}={kv.Value}").ToList();
        foreach (var e in selector.MatchExpressions ?? [])
        {
            terms.Add(e.OperatorProperty switch
            {
                "In" => $"{e.Key} in ({string.Join(",", e.Values ?? [])})",
                "NotIn" => $"{e.Key} notin ({string.Join(",", e.Values ?? [])})",
                "Exists" => e.Key,
                _ => "!" + e.Key,
            });
        }

        return string.Join(",", terms);
    }

    private static string? DownwardValue(V1Pod pod, V1DownwardAPIVolumeFile file)
    {
        static string Lines(IDictionary<string, string>? map) =>
            string.Join("\n", (map ?? new Dictionary<string, string>()).OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key}=\"{kv.Value}\""));

        var path = file.FieldRef?.FieldPath;
        return path switch
        {
            "metadata.name" => pod.Metadata.Name,
            "metadata.namespace" => pod.Metadata.NamespaceProperty,
            "metadata.uid" => pod.Metadata.Uid,
            "metadata.labels" => Lines(pod.Metadata.Labels),
            "metadata.annotations" => Lines(pod.Metadata.Annotations),
            "spec.nodeName" => pod.Spec?.NodeName,
            "spec.serviceAccountName" => pod.Spec?.ServiceAccountName,
            _ when path?.StartsWith("metadata.labels['", StringComparison.Ordinal) == true => (pod.Metadata.Labels is { } l && l.TryGetValue(path[17..^2], out var label) ? label : ""),
            _ when path?.StartsWith("metadata.annotations['", StringComparison.Ordinal) == true => (pod.Metadata.Annotations is { } a && a.TryGetValue(path[22..^2], out var annotation) ? annotation : ""),
            // Without limits the kubelet reports node allocatable for limits.*, and 0 for unset requests.
            _ when file.ResourceFieldRef?.Resource is "limits.cpu" => "4",
            _ when file.ResourceFieldRef?.Resource is "limits.memory" => "8589934592",
            _ when file.ResourceFieldRef?.Resource?.StartsWith("requests.", StringComparison.Ordinal) == true => "0",
            _ => null,
        };
    }

    private static async Task<T?> ReadAsync<T>(Func<Task<T>> read)
        where T : class
    {
        try
        {
            return await read();
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }
}
