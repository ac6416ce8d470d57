using System.Net;
using System.Text.Json;
using k8s;
using k8s.Autorest;
using Microsoft.Extensions.DependencyInjection;
using Platform.Crds.MetalLB;

namespace Platform.Webhooks.LoadBalancer;

/// <summary>
/// Lists IPAddressPools through the API. The client is resolved per call: hosts that serve no MetalLB
/// webhooks need not register one, and a host without one gets a clear denial rather than a failed start.
/// </summary>
internal sealed class ApiIPAddressPoolSource(IServiceProvider services) : IPAddressPoolSource
{
    public async Task<IReadOnlyList<IPAddressPool>> ListAsync(IReadOnlyList<string> namespaces, CancellationToken cancellationToken)
    {
        var client = services.GetService<IKubernetes>()
            ?? throw new PoolListingException("no Kubernetes API client is configured for the webhook server");
        var pools = new List<IPAddressPool>();
        foreach (var ns in namespaces)
        {
            JsonElement list;
            try
            {
                list = await client.CustomObjects.ListNamespacedCustomObjectAsync<JsonElement>(
                    IPAddressPool.Group, IPAddressPool.Version, ns, IPAddressPool.Plural, cancellationToken: cancellationToken).ConfigureAwait(false);
            }
            catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
            {
                // No such namespace (or the CRD is not installed yet): there are no pools there.
                continue;
            }
            catch (Exception e) when (e is HttpOperationException or HttpRequestException or JsonException)
            {
                throw new PoolListingException($"cannot list IPAddressPools in namespace \"{ns}\": {e.Message}", e);
            }

            if (list.ValueKind != JsonValueKind.Object || !list.TryGetProperty("items", out var items) || items.ValueKind != JsonValueKind.Array)
            {
                continue;
            }

            foreach (var item in items.EnumerateArray())
            {
                try
                {
                    if (KubernetesJson.Deserialize<IPAddressPool>(item) is { } pool)
                    {
                        pools.Add(pool);
                    }
                }
                catch (JsonException)
                {
                    // A stored pool that does not decode cannot overlap anything we can parse; skip it.
                }
            }
        }

        return pools;
    }
}
