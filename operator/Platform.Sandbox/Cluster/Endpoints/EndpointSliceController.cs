using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Logging;
using Platform.Sandbox.Cluster.Watching;

namespace Platform.Sandbox.Cluster.Endpoints;

/// <summary>
/// The EndpointSlice controller for Services with selectors: keeps <c>discovery.k8s.io/v1</c> slices labelled
/// <c>kubernetes.io/service-name</c> and managed by <c>endpointslice-controller.k8s.io</c> in line with the
/// selected pods, updating slices in place and creating/deleting as the grouping changes.
/// </summary>
internal sealed class EndpointSliceController
{
    private readonly IKubernetes _client;
    private readonly ResourceCache<V1Service, V1ServiceList> _services;
    private readonly ResourceCache<V1Pod, V1PodList> _pods;
    private readonly WorkQueue _queue;

    public EndpointSliceController(IKubernetes client, ILogger logger)
    {
        _client = client;
        _services = new ResourceCache<V1Service, V1ServiceList>("services",
            ct => client.CoreV1.ListServiceForAllNamespacesAsync(cancellationToken: ct),
            (rv, onError, ct) => client.CoreV1.WatchListServiceForAllNamespacesAsync(allowWatchBookmarks: true, resourceVersion: rv,
                timeoutSeconds: ClusterDefaults.WatchTimeoutSeconds, onError: onError, cancellationToken: ct), logger);
        _pods = new ResourceCache<V1Pod, V1PodList>("pods",
            ct => client.CoreV1.ListPodForAllNamespacesAsync(cancellationToken: ct),
            (rv, onError, ct) => client.CoreV1.WatchListPodForAllNamespacesAsync(allowWatchBookmarks: true, resourceVersion: rv,
                timeoutSeconds: ClusterDefaults.WatchTimeoutSeconds, onError: onError, cancellationToken: ct), logger);
        _queue = new WorkQueue("endpointslice-controller", SyncAsync, logger);
        _services.OnChange((key, _, _) => _queue.Add(key));
        _pods.OnChange((_, old, pod) =>
        {
            var any = pod ?? old!;
            foreach (var service in _services.Items.Where(s => s.Metadata.NamespaceProperty == any.Metadata.NamespaceProperty && s.Spec?.Selector is { Count: > 0 }))
            {
                if ((old is not null && EndpointSliceBuilder.Selects(service.Spec.Selector, old)) || (pod is not null && EndpointSliceBuilder.Selects(service.Spec.Selector, pod)))
                {
                    _queue.Add(ResourceCache<V1Service, V1ServiceList>.KeyOf(service));
                }
            }
        });
    }

    public Task Synced => Task.WhenAll(_services.Synced, _pods.Synced);

    public Task RunAsync(CancellationToken ct) => Task.WhenAll(_services.RunAsync(ct), _pods.RunAsync(ct), _queue.RunAsync(ct));

    private async Task SyncAsync(string key, CancellationToken ct)
    {
        await _pods.Synced.WaitAsync(ct);
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        var (ns, name) = (key[..slash], key[(slash + 1)..]);

        // Read slices from the API, not a cache: a slice created a moment ago must not be created twice.
        var existing = (await _client.DiscoveryV1.ListNamespacedEndpointSliceAsync(ns,
            labelSelector: $"{EndpointSliceBuilder.ServiceNameLabel}={name},{EndpointSliceBuilder.ManagedByLabel}={EndpointSliceBuilder.ControllerName}",
            cancellationToken: ct)).Items.OrderBy(s => s.Metadata.Name, StringComparer.Ordinal).ToList();
        var service = _services.Get(key);
        var desired = service?.Spec?.Selector is { Count: > 0 } && service.Spec.Type != "ExternalName"
            ? EndpointSliceBuilder.Build(service, _pods.Items)
            : [];

        var unused = new List<V1EndpointSlice>(existing);
        foreach (var want in desired)
        {
            var content = EndpointSliceBuilder.Content(want);
            var same = unused.FirstOrDefault(s => EndpointSliceBuilder.Content(s) == content);
            if (same is not null)
            {
                unused.Remove(same);
                continue;
            }

            var reuse = unused.FirstOrDefault(s => s.AddressType == want.AddressType);
            if (reuse is not null)
            {
                unused.Remove(reuse);
                reuse.Ports = want.Ports;
                reuse.Endpoints = want.Endpoints;
                await _client.DiscoveryV1.ReplaceNamespacedEndpointSliceAsync(reuse, reuse.Metadata.Name, ns, cancellationToken: ct);
            }
            else
            {
                await _client.DiscoveryV1.CreateNamespacedEndpointSliceAsync(want, ns, cancellationToken: ct);
            }
        }

        foreach (var extra in unused)
        {
            try
            {
                await _client.DiscoveryV1.DeleteNamespacedEndpointSliceAsync(extra.Metadata.Name, ns, cancellationToken: ct);
            }
            catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
            {
            }
        }
    }
}
