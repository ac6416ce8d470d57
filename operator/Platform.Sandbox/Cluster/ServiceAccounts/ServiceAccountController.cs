using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Logging;
using Platform.Sandbox.Cluster.Watching;

namespace Platform.Sandbox.Cluster.ServiceAccounts;

/// <summary>
/// The service-account controller: every active namespace has a <c>default</c> ServiceAccount; one that is
/// deleted is recreated.
/// </summary>
internal sealed class ServiceAccountController
{
    public const string DefaultAccount = "default";

    private readonly IKubernetes _client;
    private readonly ResourceCache<V1Namespace, V1NamespaceList> _namespaces;
    private readonly ResourceCache<V1ServiceAccount, V1ServiceAccountList> _accounts;
    private readonly WorkQueue _queue;

    public ServiceAccountController(IKubernetes client, ILogger logger)
    {
        _client = client;
        const string byName = $"metadata.name={DefaultAccount}";
        _namespaces = new ResourceCache<V1Namespace, V1NamespaceList>("namespaces",
            ct => client.CoreV1.ListNamespaceAsync(cancellationToken: ct),
            (rv, onError, ct) => client.CoreV1.WatchListNamespaceAsync(allowWatchBookmarks: true, resourceVersion: rv,
                timeoutSeconds: ClusterDefaults.WatchTimeoutSeconds, onError: onError, cancellationToken: ct), logger);
        _accounts = new ResourceCache<V1ServiceAccount, V1ServiceAccountList>("serviceaccounts",
            ct => client.CoreV1.ListServiceAccountForAllNamespacesAsync(fieldSelector: byName, cancellationToken: ct),
            (rv, onError, ct) => client.CoreV1.WatchListServiceAccountForAllNamespacesAsync(allowWatchBookmarks: true, fieldSelector: byName,
                resourceVersion: rv, timeoutSeconds: ClusterDefaults.WatchTimeoutSeconds, onError: onError, cancellationToken: ct), logger);
        _queue = new WorkQueue("serviceaccount-controller", SyncAsync, logger);
        _namespaces.OnChange((key, _, _) => _queue.Add(key));
        _accounts.OnChange((_, old, account) =>
        {
            if (account is null && old is not null)
            {
                _queue.Add(old.Metadata.NamespaceProperty);
            }
        });
    }

    public Task Synced => Task.WhenAll(_namespaces.Synced, _accounts.Synced);

    public Task RunAsync(CancellationToken ct) => Task.WhenAll(_namespaces.RunAsync(ct), _accounts.RunAsync(ct), _queue.RunAsync(ct));

    private async Task SyncAsync(string ns, CancellationToken ct)
    {
        await _accounts.Synced.WaitAsync(ct);
        var target = _namespaces.Get(ns);
        if (target is null || target.Metadata.DeletionTimestamp is not null || target.Status?.Phase == "Terminating")
        {
            return;
        }

        if (_accounts.Get($"{ns}/{DefaultAccount}") is not null)
        {
            return;
        }

        try
        {
            await _client.CoreV1.CreateNamespacedServiceAccountAsync(new V1ServiceAccount
            {
                ApiVersion = "v1",
                Kind = "ServiceAccount",
                Metadata = new V1ObjectMeta { Name = DefaultAccount, NamespaceProperty = ns },
            }, ns, cancellationToken: ct);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode is HttpStatusCode.Conflict or HttpStatusCode.Forbidden or HttpStatusCode.NotFound)
        {
            // Exists already (the cache lags), or the namespace is going away.
        }
    }
}
