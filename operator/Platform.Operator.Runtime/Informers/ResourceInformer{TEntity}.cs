using System.Net;
using System.Text.Json;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;
using Platform.Operator.Abstractions.Builder;
using Platform.Operator.Abstractions.Client;
using Platform.Operator.Abstractions.Reconciliation;
using Platform.Operator.Runtime.Client;
using Platform.Operator.Runtime.Diagnostics;

namespace Platform.Operator.Runtime.Informers;

/// <summary>
/// List-then-watch for one kind, feeding an indexed store shared by every controller of that kind.
/// Watches resume from the last seen (or bookmarked) resourceVersion; 410 Gone re-lists and replays the difference;
/// failures reconnect with jittered exponential backoff; a watch silent for longer than the watchdog is recycled;
/// malformed events are skipped and counted. Nothing here throws for API trouble: it logs, counts and retries.
/// </summary>
internal sealed class ResourceInformer<TEntity> : IResourceInformer
    where TEntity : IKubernetesObject<V1ObjectMeta>
{
    private const int PageSize = 500;
    private readonly ApiTransport _transport;
    private readonly OperatorSettings _settings;
    private readonly RuntimeMetrics _metrics;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly ResourceDescriptor _descriptor;
    private readonly string? _namespace;
    private readonly string? _labelSelector;
    private readonly string? _fieldSelector;
    private readonly Lock _handlersGate = new();
    private readonly List<Action<InformerEvent<TEntity>>> _handlers = [];

    public ResourceInformer(
        ApiTransport transport,
        OperatorSettings settings,
        RuntimeMetrics metrics,
        ILogger logger,
        TimeProvider time,
        IEnumerable<IndexRegistration<TEntity>>? indexes = null,
        string? labelSelector = null,
        string? fieldSelector = null)
    {
        _transport = transport;
        _settings = settings;
        _metrics = metrics;
        _logger = logger;
        _time = time;
        _descriptor = ResourceDescriptor.For<TEntity>();
        _namespace = _descriptor.IsNamespaced ? settings.Namespace : null;
        _labelSelector = labelSelector;
        _fieldSelector = fieldSelector;
        Store = new ObjectStore<TEntity>(indexes);
    }

    public ObjectStore<TEntity> Store { get; }

    public string Resource => _descriptor.Resource;

    public bool HasSynced => Store.HasSynced;

    /// <summary>The resourceVersion the next watch resumes from.</summary>
    public string ResourceVersion { get; private set; } = string.Empty;

    /// <summary>
    /// Subscribes to store changes. Objects already in the store are replayed as Added first, so a late subscriber
    /// sees the same world as an early one. Handlers run on the informer's loop: keep them short.
    /// </summary>
    public IDisposable Subscribe(Action<InformerEvent<TEntity>> handler)
    {
        lock (_handlersGate)
        {
            _handlers.Add(handler);
            foreach (var item in Store.List())
            {
                Invoke(handler, new InformerEvent<TEntity>(WatchEventType.Added, item, default));
            }
        }

        return new InformerSubscription(() =>
        {
            lock (_handlersGate)
            {
                _handlers.Remove(handler);
            }
        });
    }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var backoff = _settings.ReconnectInitialDelay;
        var needList = true;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                if (needList)
                {
                    await ListAsync(cancellationToken).ConfigureAwait(false);
                    needList = false;
                    backoff = _settings.ReconnectInitialDelay;
                }

                var outcome = await WatchAsync(cancellationToken).ConfigureAwait(false);
                switch (outcome)
                {
                    case WatchOutcome.Expired:
                        _metrics.WatchErrors.WithLabels(Resource, "410").Inc();
                        _logger.WatchExpired(Resource, ResourceVersion);
                        needList = true;
                        break;
                    case WatchOutcome.Watchdog:
                        _metrics.WatchErrors.WithLabels(Resource, "watchdog").Inc();
                        _logger.WatchdogFired(Resource, _settings.WatchdogTimeout);
                        break;
                    case WatchOutcome.ClosedAfterEvents:
                        backoff = _settings.ReconnectInitialDelay;
                        break;
                    case WatchOutcome.ClosedEmpty:
                        // A server that closes watches at once must not turn this loop into a busy spin.
                        await DelayAsync(backoff, cancellationToken).ConfigureAwait(false);
                        backoff = Next(backoff);
                        break;
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                var (reason, relist) = Classify(e);
                needList |= relist;
                _metrics.WatchErrors.WithLabels(Resource, reason).Inc();
                var delay = Jitter(backoff);
                _logger.WatchFailed(Resource, reason, delay, e);
                try
                {
                    await DelayAsync(delay, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    break;
                }

                backoff = Next(backoff);
            }
        }
    }

    private async Task ListAsync(CancellationToken cancellationToken)
    {
        var items = new List<TEntity>();
        string? continueToken = null;
        string resourceVersion;
        do
        {
            var query = KubernetesApiClient.QueryString(
                ("labelSelector", _labelSelector),
                ("fieldSelector", _fieldSelector),
                ("limit", PageSize.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                ("continue", continueToken));
            var path = _descriptor.CollectionPath(_namespace) + query;
            using var response = await _transport.SendAsync(HttpMethod.Get, path, null, streaming: false, cancellationToken).ConfigureAwait(false);
            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw ApiTransport.ToException(HttpMethod.Get, path, response.StatusCode, body);
            }

            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            resourceVersion = root.TryGetProperty("metadata", out var meta) && meta.TryGetProperty("resourceVersion", out var rv)
                ? rv.GetString() ?? string.Empty
                : string.Empty;
            continueToken = meta.ValueKind == JsonValueKind.Object && meta.TryGetProperty("continue", out var c) ? c.GetString() : null;
            if (root.TryGetProperty("items", out var list) && list.ValueKind == JsonValueKind.Array)
            {
                foreach (var element in list.EnumerateArray())
                {
                    if (TryRead(element, out var entity, out var problem))
                    {
                        items.Add(entity);
                    }
                    else
                    {
                        Malformed(problem);
                    }
                }
            }
        }
        while (!string.IsNullOrEmpty(continueToken));

        _metrics.Relists.WithLabels(Resource).Inc();
        var changes = Store.Replace(items);
        ResourceVersion = resourceVersion;
        Store.MarkSynced();
        _logger.Listed(Resource, items.Count, resourceVersion);
        foreach (var change in changes)
        {
            Dispatch(change);
        }
    }

    private async Task<WatchOutcome> WatchAsync(CancellationToken cancellationToken)
    {
        var query = KubernetesApiClient.QueryString(
            ("watch", "1"),
            ("resourceVersion", ResourceVersion),
            ("allowWatchBookmarks", "true"),
            ("timeoutSeconds", ((int)Math.Max(1, _settings.WatchTimeout.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ("labelSelector", _labelSelector),
            ("fieldSelector", _fieldSelector));
        var path = _descriptor.CollectionPath(_namespace) + query;

        using var watchdog = new CancellationTokenSource(Timeout.InfiniteTimeSpan, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, watchdog.Token);
        watchdog.CancelAfter(_settings.WatchdogTimeout);
        var received = false;
        try
        {
            using var response = await _transport.SendAsync(HttpMethod.Get, path, null, streaming: true, linked.Token).ConfigureAwait(false);
            if (response.StatusCode == HttpStatusCode.Gone)
            {
                return WatchOutcome.Expired;
            }

            if (!response.IsSuccessStatusCode)
            {
                var body = await response.Content.ReadAsStringAsync(linked.Token).ConfigureAwait(false);
                throw ApiTransport.ToException(HttpMethod.Get, path, response.StatusCode, body);
            }

            using var stream = await response.Content.ReadAsStreamAsync(linked.Token).ConfigureAwait(false);
            using var reader = new StreamReader(stream);
            while (await reader.ReadLineAsync(linked.Token).ConfigureAwait(false) is { } line)
            {
                watchdog.CancelAfter(_settings.WatchdogTimeout);
                if (line.Length == 0)
                {
                    continue;
                }

                received = true;
                if (ApplyWatchLine(line) is { } outcome)
                {
                    return outcome;
                }
            }

            return received ? WatchOutcome.ClosedAfterEvents : WatchOutcome.ClosedEmpty;
        }
        catch (OperationCanceledException) when (watchdog.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return WatchOutcome.Watchdog;
        }
        catch (KubernetesApiException) when (watchdog.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return WatchOutcome.Watchdog;
        }
        catch (IOException) when (received)
        {
            // The connection dropped mid-stream after progress: resume from the last resourceVersion at once.
            _metrics.WatchErrors.WithLabels(Resource, "dropped").Inc();
            return WatchOutcome.ClosedAfterEvents;
        }
    }

    /// <summary>Applies one watch line; returns an outcome when the watch must end. Internal for the benchmarks.</summary>
    internal WatchOutcome? ApplyWatchLine(string line)
    {
        string? type;
        JsonElement obj;
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(line);
        }
        catch (JsonException e)
        {
            Malformed($"not JSON: {e.Message}");
            return null;
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("type", out var typeElement) ||
                typeElement.ValueKind != JsonValueKind.String || !root.TryGetProperty("object", out obj) || obj.ValueKind != JsonValueKind.Object)
            {
                Malformed("missing type or object");
                return null;
            }

            type = typeElement.GetString();
            switch (type)
            {
                case "BOOKMARK":
                    if (ReadResourceVersion(obj) is { Length: > 0 } bookmark)
                    {
                        ResourceVersion = bookmark;
                    }

                    return null;
                case "ERROR":
                    return HandleError(obj);
                case "ADDED" or "MODIFIED" or "DELETED":
                    break;
                default:
                    Malformed($"unknown event type '{type}'");
                    return null;
            }

            if (!TryRead(obj, out var entity, out var problem))
            {
                // Skip it but move past it, or every reconnect would replay the same broken event.
                if (ReadResourceVersion(obj) is { Length: > 0 } skipped)
                {
                    ResourceVersion = skipped;
                }

                Malformed(problem);
                return null;
            }

            if (entity.Metadata.ResourceVersion is { Length: > 0 } rv)
            {
                ResourceVersion = rv;
            }

            if (type == "DELETED")
            {
                var removed = Store.Remove(EntityKey.From(entity));
                Dispatch(new InformerEvent<TEntity>(WatchEventType.Deleted, entity, removed));
            }
            else
            {
                var previous = Store.Upsert(entity);
                Dispatch(new InformerEvent<TEntity>(previous is null ? WatchEventType.Added : WatchEventType.Modified, entity, previous));
            }

            _metrics.EventsApplied.WithLabels(Resource, type).Inc();
            return null;
        }
    }

    private WatchOutcome? HandleError(JsonElement obj)
    {
        V1Status? status = null;
        try
        {
            status = KubernetesJson.Deserialize<V1Status>(obj);
        }
        catch (JsonException)
        {
            // Fall through with an unknown status.
        }

        if (status?.Code == (int)HttpStatusCode.Gone)
        {
            return WatchOutcome.Expired;
        }

        var code = status?.Code is { } c ? (HttpStatusCode)c : HttpStatusCode.InternalServerError;
        throw new KubernetesApiException(code, status, $"watch of {Resource} returned an error event: {status?.Message ?? obj.GetRawText()}");
    }

    private bool TryRead(JsonElement element, out TEntity entity, out string problem)
    {
        entity = default!;
        try
        {
            var read = KubernetesJson.Deserialize<TEntity>(element);
            if (read?.Metadata?.Name is not { Length: > 0 })
            {
                problem = "object without metadata.name";
                return false;
            }

            if (_descriptor.IsNamespaced && string.IsNullOrEmpty(read.Metadata.NamespaceProperty))
            {
                problem = $"namespaced object '{read.Metadata.Name}' without metadata.namespace";
                return false;
            }

            entity = read;
            problem = string.Empty;
            return true;
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException or NotSupportedException or ArgumentException)
        {
            problem = $"cannot deserialize as {typeof(TEntity).Name}: {e.Message}";
            return false;
        }
    }

    private static string? ReadResourceVersion(JsonElement obj) =>
        obj.TryGetProperty("metadata", out var meta) && meta.ValueKind == JsonValueKind.Object &&
        meta.TryGetProperty("resourceVersion", out var rv) && rv.ValueKind == JsonValueKind.String
            ? rv.GetString()
            : null;

    private void Malformed(string problem)
    {
        _metrics.MalformedEvents.WithLabels(Resource).Inc();
        _logger.MalformedEvent(Resource, problem);
    }

    private void Dispatch(InformerEvent<TEntity> change)
    {
        lock (_handlersGate)
        {
            foreach (var handler in _handlers)
            {
                Invoke(handler, change);
            }
        }
    }

    private void Invoke(Action<InformerEvent<TEntity>> handler, InformerEvent<TEntity> change)
    {
        try
        {
            handler(change);
        }
        catch (Exception e)
        {
            _logger.HandlerFailed(Resource, e);
        }
    }

    private static (string Reason, bool Relist) Classify(Exception e) => e switch
    {
        KubernetesApiException { StatusCode: HttpStatusCode.Gone } => ("410", true),
        KubernetesApiException { StatusCode: HttpStatusCode.TooManyRequests } => ("429", false),
        KubernetesApiException { StatusCode: >= HttpStatusCode.InternalServerError } => ("5xx", false),
        KubernetesApiException { InnerException: TimeoutException } => ("timeout", false),
        KubernetesApiException { StatusCode: 0 } => ("connection", false),
        KubernetesApiException => ("4xx", false),
        JsonException => ("malformed-list", false),
        IOException => ("dropped", false),
        _ => ("other", false),
    };

    private TimeSpan Next(TimeSpan backoff)
    {
        var doubled = backoff * 2;
        return doubled > _settings.ReconnectMaxDelay ? _settings.ReconnectMaxDelay : doubled;
    }

    // ±50 % jitter so that many replicas reconnecting after an API server restart do not stampede it.
    private static TimeSpan Jitter(TimeSpan delay) => delay * (0.5 + Random.Shared.NextDouble());

    private Task DelayAsync(TimeSpan delay, CancellationToken cancellationToken) => Task.Delay(delay, _time, cancellationToken);
}
