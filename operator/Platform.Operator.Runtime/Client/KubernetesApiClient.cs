using System.Text;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Platform.Operator.Abstractions.Client;

namespace Platform.Operator.Runtime.Client;

/// <summary>The typed client facade over <see cref="ApiTransport"/>.</summary>
internal sealed class KubernetesApiClient(ApiTransport transport) : IKubernetesClient
{
    public async Task<TEntity?> GetAsync<TEntity>(string name, string? @namespace = null, CancellationToken cancellationToken = default)
        where TEntity : IKubernetesObject<V1ObjectMeta>
    {
        var path = ResourceDescriptor.For<TEntity>().ObjectPath(@namespace, name);
        try
        {
            return await transport.SendForObjectAsync<TEntity>(HttpMethod.Get, path, null, cancellationToken).ConfigureAwait(false);
        }
        catch (KubernetesApiException e) when (e.IsNotFound)
        {
            return default;
        }
    }

    public async Task<IReadOnlyList<TEntity>> ListAsync<TEntity>(
        string? @namespace = null,
        string? labelSelector = null,
        string? fieldSelector = null,
        CancellationToken cancellationToken = default)
        where TEntity : IKubernetesObject<V1ObjectMeta>
    {
        var descriptor = ResourceDescriptor.For<TEntity>();
        var items = new List<TEntity>();
        string? continueToken = null;
        do
        {
            var query = QueryString(("labelSelector", labelSelector), ("fieldSelector", fieldSelector), ("limit", "500"), ("continue", continueToken));
            var page = await transport
                .SendForObjectAsync<EntityList<TEntity>>(HttpMethod.Get, descriptor.CollectionPath(@namespace) + query, null, cancellationToken)
                .ConfigureAwait(false);
            items.AddRange(page.Items ?? []);
            continueToken = page.Metadata?.ContinueProperty;
        }
        while (!string.IsNullOrEmpty(continueToken));

        return items;
    }

    public Task<TEntity> CreateAsync<TEntity>(TEntity entity, CancellationToken cancellationToken = default)
        where TEntity : IKubernetesObject<V1ObjectMeta>
    {
        ArgumentNullException.ThrowIfNull(entity);
        var descriptor = ResourceDescriptor.For<TEntity>();
        entity.ApiVersion ??= descriptor.ApiVersion;
        entity.Kind ??= descriptor.Kind;
        var ns = entity.Metadata?.NamespaceProperty;
        if (descriptor.IsNamespaced && string.IsNullOrEmpty(ns))
        {
            throw new ArgumentException($"{descriptor.Kind} is namespaced: set metadata.namespace.", nameof(entity));
        }

        return transport.SendForObjectAsync<TEntity>(
            HttpMethod.Post, descriptor.CollectionPath(ns), ApiTransport.Json(KubernetesJson.Serialize(entity)), cancellationToken);
    }

    public Task<TEntity> MergePatchAsync<TEntity>(string name, string? @namespace, object patch, CancellationToken cancellationToken = default)
        where TEntity : IKubernetesObject<V1ObjectMeta> =>
        PatchAsync<TEntity>(name, @namespace, new V1Patch(Serialize(patch), V1Patch.PatchType.MergePatch), cancellationToken);

    public Task<TEntity> PatchAsync<TEntity>(string name, string? @namespace, V1Patch patch, CancellationToken cancellationToken = default)
        where TEntity : IKubernetesObject<V1ObjectMeta> =>
        SendPatchAsync<TEntity>(ResourceDescriptor.For<TEntity>().ObjectPath(@namespace, name), patch, cancellationToken);

    public Task<TEntity> PatchStatusAsync<TEntity>(TEntity entity, CancellationToken cancellationToken = default)
        where TEntity : IKubernetesObject<V1ObjectMeta>
    {
        ArgumentNullException.ThrowIfNull(entity);
        var node = JsonNode.Parse(KubernetesJson.Serialize(entity)) as JsonObject;
        var status = node?["status"]?.DeepClone();
        var patch = new JsonObject { ["status"] = status };

        // Guard with the resourceVersion we read, so a status computed from a stale object fails with 409.
        if (entity.Metadata?.ResourceVersion is { Length: > 0 } rv)
        {
            patch["metadata"] = new JsonObject { ["resourceVersion"] = rv };
        }

        return SendPatchAsync<TEntity>(
            ResourceDescriptor.For<TEntity>().ObjectPath(entity.Metadata?.NamespaceProperty, entity.Metadata?.Name ?? string.Empty, "status"),
            new V1Patch(patch.ToJsonString(), V1Patch.PatchType.MergePatch),
            cancellationToken);
    }

    public Task<TEntity> MergePatchStatusAsync<TEntity>(string name, string? @namespace, object patch, CancellationToken cancellationToken = default)
        where TEntity : IKubernetesObject<V1ObjectMeta> =>
        SendPatchAsync<TEntity>(
            ResourceDescriptor.For<TEntity>().ObjectPath(@namespace, name, "status"),
            new V1Patch(Serialize(patch), V1Patch.PatchType.MergePatch),
            cancellationToken);

    public async Task<bool> DeleteAsync<TEntity>(string name, string? @namespace = null, CancellationToken cancellationToken = default)
        where TEntity : IKubernetesObject<V1ObjectMeta>
    {
        var path = ResourceDescriptor.For<TEntity>().ObjectPath(@namespace, name);
        using var response = await transport.SendAsync(HttpMethod.Delete, path, null, streaming: false, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return false;
        }

        if (!response.IsSuccessStatusCode)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            throw ApiTransport.ToException(HttpMethod.Delete, path, response.StatusCode, body);
        }

        return true;
    }

    /// <summary>A query string from the non-empty pairs, with a leading '?' when there is any.</summary>
    public static string QueryString(params (string Key, string? Value)[] pairs)
    {
        var builder = new StringBuilder();
        foreach (var (key, value) in pairs)
        {
            if (string.IsNullOrEmpty(value))
            {
                continue;
            }

            builder.Append(builder.Length == 0 ? '?' : '&').Append(key).Append('=').Append(Uri.EscapeDataString(value));
        }

        return builder.ToString();
    }

    private Task<TEntity> SendPatchAsync<TEntity>(string path, V1Patch patch, CancellationToken cancellationToken)
    {
        var mediaType = patch.Type switch
        {
            V1Patch.PatchType.JsonPatch => "application/json-patch+json",
            V1Patch.PatchType.MergePatch => "application/merge-patch+json",
            V1Patch.PatchType.StrategicMergePatch => "application/strategic-merge-patch+json",
            V1Patch.PatchType.ApplyPatch => "application/apply-patch+yaml",
            _ => throw new ArgumentException($"Unknown patch type {patch.Type}.", nameof(patch)),
        };
        var body = patch.Content as string ?? KubernetesJson.Serialize(patch.Content);
        return transport.SendForObjectAsync<TEntity>(HttpMethod.Patch, path, ApiTransport.Json(body, mediaType), cancellationToken);
    }

    private static string Serialize(object patch) => patch as string ?? KubernetesJson.Serialize(patch);
}
