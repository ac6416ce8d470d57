using System.Net;
using System.Reflection;
using System.Text;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Platform.Testing.FakeApi;

/// <summary>
/// An in-process fake Kubernetes API server (plain HTTP on 127.0.0.1, random port) for arbitrary resources:
/// list, watch (resume by resourceVersion, bookmarks, 410 after compaction), get, create, replace (with
/// resourceVersion conflicts), merge and JSON patch, /status, delete with finalizers. Fault injection and request
/// recording let tests drive informers and leader election through failures. Deliberately small: the embedded
/// control plane replaces it for integration tests.
/// </summary>
public sealed class FakeKubeApiServer : IAsyncDisposable
{
    private readonly Lock _gate = new();
    private readonly Dictionary<FakeObjectKey, JsonObject> _objects = [];
    private readonly List<(long Rv, FakeObjectKey Key, string Type, JsonObject Object)> _log = [];
    private readonly List<FakeWatcher> _watchers = [];
    private readonly List<FakeFault> _faults = [];
    private readonly List<RecordedRequest> _requests = [];
    private readonly WebApplication _app;
    private long _resourceVersion = 1000;
    private long _compactedBelow;
    private bool _expireNextWatch;

    private FakeKubeApiServer(WebApplication app) => _app = app;

    /// <summary>The server's base address, e.g. http://127.0.0.1:41234/.</summary>
    public Uri Url { get; private set; } = null!;

    /// <summary>The current (latest) resourceVersion.</summary>
    public string ResourceVersion
    {
        get
        {
            lock (_gate)
            {
                return _resourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
        }
    }

    /// <summary>Every request received so far.</summary>
    public IReadOnlyList<RecordedRequest> Requests
    {
        get
        {
            lock (_gate)
            {
                return [.. _requests];
            }
        }
    }

    /// <summary>How many watch requests are open now.</summary>
    public int OpenWatches
    {
        get
        {
            lock (_gate)
            {
                return _watchers.Count;
            }
        }
    }

    /// <summary>Starts a server on 127.0.0.1 with a random port.</summary>
    public static async Task<FakeKubeApiServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var server = new FakeKubeApiServer(app);
        app.Run(server.HandleAsync);
        await app.StartAsync().ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.Url = new Uri(address.EndsWith('/') ? address : address + "/");
        return server;
    }

    /// <summary>A KubernetesClient pointed at this server, optionally through extra handlers (e.g. <see cref="NetworkPartition"/>).</summary>
    public Kubernetes CreateClient(params DelegatingHandler[] handlers) =>
        new(new KubernetesClientConfiguration { Host = Url.ToString() }, handlers);

    /// <summary>Creates or replaces an object directly (a new resourceVersion and a watch event), returning the stored copy.</summary>
    public TEntity Upsert<TEntity>(TEntity entity)
        where TEntity : IKubernetesObject<V1ObjectMeta>
    {
        var (group, version, plural, kind) = Describe<TEntity>();
        var node = JsonNode.Parse(KubernetesJson.Serialize(entity))!.AsObject();
        node["apiVersion"] ??= group.Length == 0 ? version : $"{group}/{version}";
        node["kind"] ??= kind;
        var key = new FakeObjectKey($"{group}/{plural}", entity.Metadata.NamespaceProperty ?? string.Empty, entity.Metadata.Name);
        lock (_gate)
        {
            if (_objects.TryGetValue(key, out var existing))
            {
                node["metadata"]!["uid"] = existing["metadata"]?["uid"]?.DeepClone();
                node["metadata"]!["creationTimestamp"] = existing["metadata"]?["creationTimestamp"]?.DeepClone();
                var generation = existing["metadata"]?["generation"]?.GetValue<long>() ?? 1;
                var specChanged = !JsonNode.DeepEquals(existing["spec"], node["spec"]);
                node["metadata"]!["generation"] = specChanged ? generation + 1 : generation;
                CommitLocked(key, node, "MODIFIED");
            }
            else
            {
                InitialiseLocked(node, key.Namespace);
                CommitLocked(key, node, "ADDED");
            }

            return KubernetesJson.Deserialize<TEntity>(node.ToJsonString());
        }
    }

    /// <summary>Reads an object as stored, or null.</summary>
    public TEntity? Get<TEntity>(string? @namespace, string name)
        where TEntity : IKubernetesObject<V1ObjectMeta>
    {
        var (group, _, plural, _) = Describe<TEntity>();
        lock (_gate)
        {
            return _objects.TryGetValue(new FakeObjectKey($"{group}/{plural}", @namespace ?? string.Empty, name), out var node)
                ? KubernetesJson.Deserialize<TEntity>(node.ToJsonString())
                : default;
        }
    }

    /// <summary>Every stored object of a kind.</summary>
    public IReadOnlyList<TEntity> List<TEntity>()
        where TEntity : IKubernetesObject<V1ObjectMeta>
    {
        var (group, _, plural, _) = Describe<TEntity>();
        lock (_gate)
        {
            return [.. _objects.Where(o => o.Key.Collection == $"{group}/{plural}").Select(o => KubernetesJson.Deserialize<TEntity>(o.Value.ToJsonString()))];
        }
    }

    /// <summary>Deletes an object as the API would (finalizers first set deletionTimestamp). Returns false when absent.</summary>
    public bool Delete<TEntity>(string? @namespace, string name)
        where TEntity : IKubernetesObject<V1ObjectMeta>
    {
        var (group, _, plural, _) = Describe<TEntity>();
        lock (_gate)
        {
            return DeleteLocked(new FakeObjectKey($"{group}/{plural}", @namespace ?? string.Empty, name)) is not null;
        }
    }

    /// <summary>Ends every open watch (the server closing them, as after its request timeout).</summary>
    public void CloseWatches()
    {
        lock (_gate)
        {
            foreach (var watcher in _watchers)
            {
                watcher.Lines.Writer.TryComplete();
            }
        }
    }

    /// <summary>Open watches go silent but stay open, like a connection that died without a FIN.</summary>
    public void StallWatches()
    {
        lock (_gate)
        {
            foreach (var watcher in _watchers)
            {
                watcher.Stalled = true;
            }
        }
    }

    /// <summary>The next watch request gets a 410 Gone ERROR event.</summary>
    public void ExpireNextWatch()
    {
        lock (_gate)
        {
            _expireNextWatch = true;
        }
    }

    /// <summary>Forgets history: watches from any older resourceVersion get 410 Gone.</summary>
    public void Compact()
    {
        lock (_gate)
        {
            _compactedBelow = _resourceVersion;
            _log.Clear();
        }
    }

    /// <summary>Answers the next <paramref name="count"/> (matching) requests with <paramref name="statusCode"/>.</summary>
    public void FailNext(int count, HttpStatusCode statusCode, Func<RecordedRequest, bool>? when = null)
    {
        lock (_gate)
        {
            _faults.Add(new FakeFault(count, statusCode, when ?? (_ => true)));
        }
    }

    /// <summary>Writes a raw line (e.g. malformed JSON) to every open watch.</summary>
    public void SendRawWatchLine(string line)
    {
        lock (_gate)
        {
            foreach (var watcher in _watchers.Where(w => !w.Stalled))
            {
                watcher.Lines.Writer.TryWrite(line);
            }
        }
    }

    /// <summary>Sends a BOOKMARK with the current resourceVersion to every open watch that asked for bookmarks.</summary>
    public void SendBookmarks()
    {
        lock (_gate)
        {
            foreach (var watcher in _watchers.Where(w => w.Bookmarks && !w.Stalled))
            {
                var line = new JsonObject
                {
                    ["type"] = "BOOKMARK",
                    ["object"] = new JsonObject { ["metadata"] = new JsonObject { ["resourceVersion"] = ResourceVersionString() } },
                };
                watcher.Lines.Writer.TryWrite(line.ToJsonString());
            }
        }
    }

    /// <summary>Moves the resourceVersion on without an event visible to the given kind (another kind changed).</summary>
    public void AdvanceResourceVersion(int by)
    {
        lock (_gate)
        {
            _resourceVersion += by;
        }
    }

    public async ValueTask DisposeAsync()
    {
        CloseWatches();
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    private static (string Group, string Version, string Plural, string Kind) Describe<TEntity>()
    {
        var attribute = typeof(TEntity).GetCustomAttribute<KubernetesEntityAttribute>()
            ?? throw new ArgumentException($"{typeof(TEntity).Name} has no [KubernetesEntity].");
        return (attribute.Group ?? string.Empty, attribute.ApiVersion, attribute.PluralName, attribute.Kind);
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        string body;
        using (var reader = new StreamReader(request.Body, Encoding.UTF8))
        {
            body = await reader.ReadToEndAsync(context.RequestAborted).ConfigureAwait(false);
        }

        var recorded = new RecordedRequest(request.Method, request.Path.Value ?? "/", request.QueryString.Value ?? string.Empty, request.ContentType, body);
        FakeFault? fault;
        lock (_gate)
        {
            _requests.Add(recorded);
            fault = _faults.FirstOrDefault(f => f.Remaining > 0 && f.Matches(recorded));
            if (fault is not null)
            {
                fault.Remaining--;
            }
        }

        if (fault is not null)
        {
            await WriteStatusAsync(context, fault.StatusCode, "injected failure").ConfigureAwait(false);
            return;
        }

        var path = FakeResourcePath.Parse(recorded.Path);
        if (path is null)
        {
            await WriteStatusAsync(context, HttpStatusCode.NotFound, $"no such path {recorded.Path}").ConfigureAwait(false);
            return;
        }

        try
        {
            await DispatchAsync(context, path, body).ConfigureAwait(false);
        }
        catch (System.Text.Json.JsonException e)
        {
            await WriteStatusAsync(context, HttpStatusCode.BadRequest, e.Message).ConfigureAwait(false);
        }
    }

    private async Task DispatchAsync(HttpContext context, FakeResourcePath path, string body)
    {
        var query = context.Request.Query;
        switch (context.Request.Method)
        {
            case "GET" when path.Name is null && (query["watch"] == "1" || query["watch"] == "true"):
                await WatchAsync(context, path).ConfigureAwait(false);
                return;
            case "GET" when path.Name is null:
                await WriteJsonAsync(context, HttpStatusCode.OK, ListOf(path, query["labelSelector"], query["fieldSelector"])).ConfigureAwait(false);
                return;
            case "GET":
                JsonNode? copy = null;
                lock (_gate)
                {
                    if (_objects.TryGetValue(KeyOf(path), out var found))
                    {
                        copy = found.DeepClone();
                    }
                }

                if (copy is not null)
                {
                    await WriteJsonAsync(context, HttpStatusCode.OK, copy).ConfigureAwait(false);
                    return;
                }

                await WriteStatusAsync(context, HttpStatusCode.NotFound, $"{path.Plural} \"{path.Name}\" not found").ConfigureAwait(false);
                return;
            case "POST" when path.Name is null:
                await CreateAsync(context, path, body).ConfigureAwait(false);
                return;
            case "PUT" when path.Name is not null:
                await MutateAsync(context, path, current => ApplyPut(path, current, JsonNode.Parse(body)!.AsObject())).ConfigureAwait(false);
                return;
            case "PATCH" when path.Name is not null:
                await MutateAsync(context, path, current => ApplyPatch(path, current, body, context.Request.ContentType)).ConfigureAwait(false);
                return;
            case "DELETE" when path.Name is not null:
                JsonObject? deleted;
                lock (_gate)
                {
                    deleted = DeleteLocked(KeyOf(path))?.DeepClone().AsObject();
                }

                if (deleted is null)
                {
                    await WriteStatusAsync(context, HttpStatusCode.NotFound, $"{path.Plural} \"{path.Name}\" not found").ConfigureAwait(false);
                }
                else
                {
                    await WriteJsonAsync(context, HttpStatusCode.OK, deleted).ConfigureAwait(false);
                }

                return;
            default:
                await WriteStatusAsync(context, HttpStatusCode.MethodNotAllowed, $"{context.Request.Method} not supported here").ConfigureAwait(false);
                return;
        }
    }

    private JsonObject ListOf(FakeResourcePath path, string? labelSelector, string? fieldSelector)
    {
        lock (_gate)
        {
            var items = new JsonArray();
            foreach (var (key, node) in _objects.OrderBy(o => o.Key.Namespace, StringComparer.Ordinal).ThenBy(o => o.Key.Name, StringComparer.Ordinal))
            {
                if (key.Collection == path.Collection && (path.Namespace is null || key.Namespace == path.Namespace) &&
                    FakeSelectors.MatchesLabels(node, labelSelector) && FakeSelectors.MatchesFields(node, fieldSelector))
                {
                    items.Add(node.DeepClone());
                }
            }

            return new JsonObject
            {
                ["kind"] = "List",
                ["apiVersion"] = path.ApiVersion,
                ["metadata"] = new JsonObject { ["resourceVersion"] = ResourceVersionString() },
                ["items"] = items,
            };
        }
    }

    private async Task WatchAsync(HttpContext context, FakeResourcePath path)
    {
        var query = context.Request.Query;
        var requested = query["resourceVersion"].ToString();
        var watcher = new FakeWatcher(path.Collection, path.Namespace, query["labelSelector"], query["allowWatchBookmarks"] == "true");
        var timeout = int.TryParse(query["timeoutSeconds"], out var seconds) && seconds > 0 ? TimeSpan.FromSeconds(seconds) : TimeSpan.FromMinutes(30);
        lock (_gate)
        {
            var expired = _expireNextWatch ||
                (long.TryParse(requested, out var from) && from != 0 && from < _compactedBelow);
            _expireNextWatch = false;
            if (expired)
            {
                watcher.Lines.Writer.TryWrite(new JsonObject
                {
                    ["type"] = "ERROR",
                    ["object"] = StatusBody(HttpStatusCode.Gone, "too old resource version", "Expired"),
                }.ToJsonString());
                watcher.Lines.Writer.TryComplete();
            }
            else
            {
                if (string.IsNullOrEmpty(requested) || requested == "0")
                {
                    foreach (var (key, node) in _objects.Where(o => Matches(watcher, o.Key, o.Value)))
                    {
                        watcher.Lines.Writer.TryWrite(EventLine("ADDED", node));
                    }
                }
                else
                {
                    var since = long.Parse(requested, System.Globalization.CultureInfo.InvariantCulture);
                    foreach (var entry in _log.Where(e => e.Rv > since && Matches(watcher, e.Key, e.Object)))
                    {
                        watcher.Lines.Writer.TryWrite(EventLine(entry.Type, entry.Object));
                    }
                }

                _watchers.Add(watcher);
            }
        }

        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/json";
        await context.Response.Body.FlushAsync(context.RequestAborted).ConfigureAwait(false);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        deadline.CancelAfter(timeout);
        try
        {
            while (await watcher.Lines.Reader.WaitToReadAsync(deadline.Token).ConfigureAwait(false))
            {
                while (watcher.Lines.Reader.TryRead(out var line))
                {
                    if (watcher.Stalled)
                    {
                        continue;
                    }

                    await context.Response.WriteAsync(line + "\n", deadline.Token).ConfigureAwait(false);
                }

                await context.Response.Body.FlushAsync(deadline.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // Timed out or the client went away.
        }
        finally
        {
            lock (_gate)
            {
                _watchers.Remove(watcher);
            }
        }
    }

    private async Task CreateAsync(HttpContext context, FakeResourcePath path, string body)
    {
        var node = JsonNode.Parse(body)?.AsObject();
        if (node?["metadata"] is not JsonObject metadata)
        {
            await WriteStatusAsync(context, HttpStatusCode.BadRequest, "metadata is required").ConfigureAwait(false);
            return;
        }

        if (metadata["name"] is null && metadata["generateName"]?.GetValue<string>() is { } prefix)
        {
            metadata["name"] = prefix + Guid.NewGuid().ToString("N")[..5];
        }

        var name = metadata["name"]?.GetValue<string>();
        if (string.IsNullOrEmpty(name))
        {
            await WriteStatusAsync(context, (HttpStatusCode)422, "metadata.name is required").ConfigureAwait(false);
            return;
        }

        var key = new FakeObjectKey(path.Collection, path.Namespace ?? string.Empty, name);
        JsonObject stored;
        lock (_gate)
        {
            if (_objects.ContainsKey(key))
            {
                stored = null!;
            }
            else
            {
                node["apiVersion"] ??= path.ApiVersion;
                InitialiseLocked(node, key.Namespace);
                CommitLocked(key, node, "ADDED");
                stored = node.DeepClone().AsObject();
            }
        }

        if (stored is null)
        {
            await WriteStatusAsync(context, HttpStatusCode.Conflict, $"{path.Plural} \"{name}\" already exists", "AlreadyExists").ConfigureAwait(false);
            return;
        }

        await WriteJsonAsync(context, HttpStatusCode.Created, stored).ConfigureAwait(false);
    }

    private async Task MutateAsync(HttpContext context, FakeResourcePath path, Func<JsonObject, JsonObject> change)
    {
        var key = KeyOf(path);
        HttpStatusCode status;
        string message;
        JsonObject? result = null;
        lock (_gate)
        {
            if (!_objects.TryGetValue(key, out var current))
            {
                (status, message) = (HttpStatusCode.NotFound, $"{path.Plural} \"{path.Name}\" not found");
            }
            else
            {
                JsonObject next;
                try
                {
                    next = change(current.DeepClone().AsObject());
                    (status, message) = (HttpStatusCode.OK, string.Empty);
                }
                catch (InvalidOperationException e)
                {
                    next = null!;
                    (status, message) = ((HttpStatusCode)422, e.Message);
                }

                if (status == HttpStatusCode.OK)
                {
                    var sentRv = next["metadata"]?["resourceVersion"]?.GetValue<string>();
                    var currentRv = current["metadata"]?["resourceVersion"]?.GetValue<string>();
                    if (!string.IsNullOrEmpty(sentRv) && sentRv != currentRv)
                    {
                        (status, message) = (HttpStatusCode.Conflict, "the object has been modified; please apply your changes to the latest version and try again");
                    }
                    else
                    {
                        // Identity fields are the server's, whatever the client sent.
                        next["metadata"]!["uid"] = current["metadata"]?["uid"]?.DeepClone();
                        next["metadata"]!["creationTimestamp"] = current["metadata"]?["creationTimestamp"]?.DeepClone();
                        next["metadata"]!["namespace"] = current["metadata"]?["namespace"]?.DeepClone();
                        next["metadata"]!["name"] = current["metadata"]?["name"]?.DeepClone();
                        var generation = current["metadata"]?["generation"]?.GetValue<long>() ?? 1;
                        next["metadata"]!["generation"] = JsonNode.DeepEquals(current["spec"], next["spec"]) ? generation : generation + 1;
                        var deleting = next["metadata"]?["deletionTimestamp"] is not null;
                        var finalizers = next["metadata"]?["finalizers"] as JsonArray;
                        if (deleting && (finalizers is null || finalizers.Count == 0))
                        {
                            _objects.Remove(key);
                            CommitLocked(key, next, "DELETED", store: false);
                        }
                        else
                        {
                            CommitLocked(key, next, "MODIFIED");
                        }

                        result = next.DeepClone().AsObject();
                    }
                }
            }
        }

        if (result is null)
        {
            await WriteStatusAsync(context, status, message, status == HttpStatusCode.Conflict ? "Conflict" : null).ConfigureAwait(false);
            return;
        }

        await WriteJsonAsync(context, HttpStatusCode.OK, result).ConfigureAwait(false);
    }

    private static JsonObject ApplyPut(FakeResourcePath path, JsonObject current, JsonObject body)
    {
        if (path.Subresource == "status")
        {
            current["status"] = body["status"]?.DeepClone();
            current["metadata"]!["resourceVersion"] = body["metadata"]?["resourceVersion"]?.DeepClone();
            return current;
        }

        // The main resource ignores status changes, as with a status subresource.
        body["status"] = current["status"]?.DeepClone();
        if (body["status"] is null)
        {
            body.Remove("status");
        }

        return body;
    }

    private static JsonObject ApplyPatch(FakeResourcePath path, JsonObject current, string body, string? contentType)
    {
        var patched = contentType?.StartsWith("application/json-patch+json", StringComparison.Ordinal) == true
            ? JsonPatchDocument.Apply(current, JsonNode.Parse(body)!.AsArray()).AsObject()
            : JsonMergePatch.Apply(current, JsonNode.Parse(body))!.AsObject();
        if (path.Subresource == "status")
        {
            current["status"] = patched["status"]?.DeepClone();
            current["metadata"]!["resourceVersion"] = patched["metadata"]?["resourceVersion"]?.DeepClone();
            return current;
        }

        patched["status"] = current["status"]?.DeepClone();
        if (patched["status"] is null)
        {
            patched.Remove("status");
        }

        return patched;
    }

    private JsonObject? DeleteLocked(FakeObjectKey key)
    {
        if (!_objects.TryGetValue(key, out var current))
        {
            return null;
        }

        if (current["metadata"]?["finalizers"] is JsonArray { Count: > 0 })
        {
            if (current["metadata"]?["deletionTimestamp"] is null)
            {
                var next = current.DeepClone().AsObject();
                next["metadata"]!["deletionTimestamp"] = DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);
                CommitLocked(key, next, "MODIFIED");
                return next;
            }

            return current;
        }

        _objects.Remove(key);
        CommitLocked(key, current.DeepClone().AsObject(), "DELETED", store: false);
        return current;
    }

    private void InitialiseLocked(JsonObject node, string @namespace)
    {
        var metadata = node["metadata"]!.AsObject();
        if (@namespace.Length > 0)
        {
            metadata["namespace"] = @namespace;
        }

        metadata["uid"] = Guid.NewGuid().ToString();
        metadata["creationTimestamp"] = DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);
        metadata["generation"] = 1L;
    }

    private void CommitLocked(FakeObjectKey key, JsonObject node, string type, bool store = true)
    {
        _resourceVersion++;
        node["metadata"]!["resourceVersion"] = ResourceVersionString();
        if (store)
        {
            _objects[key] = node;
        }

        var snapshot = node.DeepClone().AsObject();
        _log.Add((_resourceVersion, key, type, snapshot));
        foreach (var watcher in _watchers.Where(w => Matches(w, key, snapshot)))
        {
            watcher.Lines.Writer.TryWrite(EventLine(type, snapshot));
        }
    }

    private string ResourceVersionString() => _resourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static bool Matches(FakeWatcher watcher, FakeObjectKey key, JsonObject node) =>
        key.Collection == watcher.Collection &&
        (watcher.Namespace is null || watcher.Namespace == key.Namespace) &&
        FakeSelectors.MatchesLabels(node, watcher.LabelSelector);

    private static string EventLine(string type, JsonObject node) =>
        new JsonObject { ["type"] = type, ["object"] = node.DeepClone() }.ToJsonString();

    private static FakeObjectKey KeyOf(FakeResourcePath path) => new(path.Collection, path.Namespace ?? string.Empty, path.Name!);

    private static JsonObject StatusBody(HttpStatusCode code, string message, string? reason = null) => new()
    {
        ["kind"] = "Status",
        ["apiVersion"] = "v1",
        ["metadata"] = new JsonObject(),
        ["status"] = "Failure",
        ["message"] = message,
        ["reason"] = reason ?? code.ToString(),
        ["code"] = (int)code,
    };

    private static Task WriteStatusAsync(HttpContext context, HttpStatusCode code, string message, string? reason = null) =>
        WriteJsonAsync(context, code, StatusBody(code, message, reason));

    private static async Task WriteJsonAsync(HttpContext context, HttpStatusCode code, JsonNode body)
    {
        context.Response.StatusCode = (int)code;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body.ToJsonString(), context.RequestAborted).ConfigureAwait(false);
    }
}
