using System.Collections.Concurrent;
using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Platform.Sandbox.Cluster.Watching;

/// <summary>
/// A reflector: lists, then watches from the list's resourceVersion, keeps the objects in memory and reports
/// every change by key (<c>namespace/name</c>). Relists on 410 Gone and after any broken stream, as
/// client-go's reflector does.
/// </summary>
internal sealed class ResourceCache<T, TList>
    where T : class, IKubernetesObject<V1ObjectMeta>
    where TList : class, IKubernetesObject<V1ListMeta>, IItems<T>
{
    private readonly Func<CancellationToken, Task<TList>> _list;
    private readonly Func<string, Action<Exception>, CancellationToken, IAsyncEnumerable<(WatchEventType, T)>> _watch;
    private readonly ConcurrentDictionary<string, T> _items = new(StringComparer.Ordinal);
    private readonly List<Action<string, T?, T?>> _handlers = [];
    private readonly TaskCompletionSource _synced = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ILogger _logger;
    private readonly string _name;

    public ResourceCache(string name, Func<CancellationToken, Task<TList>> list,
        Func<string, Action<Exception>, CancellationToken, IAsyncEnumerable<(WatchEventType, T)>> watch, ILogger logger)
    {
        _name = name;
        _list = list;
        _watch = watch;
        _logger = logger;
    }

    /// <summary>Completes after the first list has been loaded.</summary>
    public Task Synced => _synced.Task;

    public ICollection<T> Items => _items.Values;

    public static string KeyOf(T obj) => KeyOf(obj.Metadata.NamespaceProperty, obj.Metadata.Name);

    public static string KeyOf(string? ns, string name) => string.IsNullOrEmpty(ns) ? name : $"{ns}/{name}";

    public T? Get(string key) => _items.GetValueOrDefault(key);

    /// <summary>Registers a change handler (key, old, new); call before <see cref="RunAsync"/>. Handlers must be quick.</summary>
    public void OnChange(Action<string, T?, T?> handler) => _handlers.Add(handler);

    public async Task RunAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                var version = await ListAsync(ct);
                await WatchFromAsync(version, ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                ClusterLog.WatchFailed(_logger, _name, e.Message);
                try
                {
                    // Wall-clock backoff: reconnecting must not wait for a test's fake clock.
                    await Task.Delay(TimeSpan.FromMilliseconds(500), ct);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private async Task<string> ListAsync(CancellationToken ct)
    {
        var list = await _list(ct);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in list.Items ?? [])
        {
            var key = KeyOf(item);
            seen.Add(key);
            Store(key, item);
        }

        foreach (var key in _items.Keys.Where(k => !seen.Contains(k)).ToList())
        {
            if (_items.TryRemove(key, out var old))
            {
                Notify(key, old, null);
            }
        }

        _synced.TrySetResult();
        return list.Metadata?.ResourceVersion ?? "";
    }

    private async Task WatchFromAsync(string version, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            Exception? failure = null;
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var stream = _watch(version, e =>
            {
                failure = e;
                stop.Cancel();
            }, stop.Token);
            try
            {
                await foreach (var (type, obj) in stream)
                {
                    if (obj?.Metadata is null)
                    {
                        continue;
                    }

                    version = obj.Metadata.ResourceVersion ?? version;
                    if (type == WatchEventType.Bookmark)
                    {
                        continue;
                    }

                    var key = KeyOf(obj);
                    if (type == WatchEventType.Deleted)
                    {
                        if (_items.TryRemove(key, out var old))
                        {
                            Notify(key, old, null);
                        }
                    }
                    else
                    {
                        Store(key, obj);
                    }
                }
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested && failure is not null)
            {
            }

            if (failure is not null)
            {
                // 410 Gone (or any error event): the watch cannot resume; relist.
                var gone = failure is KubernetesException { Status.Code: (int)HttpStatusCode.Gone }
                    || failure is HttpOperationException { Response.StatusCode: HttpStatusCode.Gone };
                throw new InvalidOperationException(gone ? "watch expired (410 Gone)" : failure.Message, failure);
            }
        }
    }

    private void Store(string key, T obj)
    {
        T? old = null;
        _items.AddOrUpdate(key, obj, (_, existing) =>
        {
            old = existing;
            return obj;
        });
        if (old?.Metadata.ResourceVersion != obj.Metadata.ResourceVersion || old is null)
        {
            Notify(key, old, obj);
        }
    }

    private void Notify(string key, T? old, T? current)
    {
        foreach (var handler in _handlers)
        {
            handler(key, old, current);
        }
    }
}
