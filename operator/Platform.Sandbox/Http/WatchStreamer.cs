using System.Buffers;
using System.Globalization;
using System.IO.Pipelines;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Platform.Sandbox.Errors;
using Platform.Sandbox.Faults;
using Platform.Sandbox.Rest;
using Platform.Sandbox.Semantics;
using Platform.Sandbox.Storage;

namespace Platform.Sandbox.Http;

/// <summary>
/// Serves <c>?watch=1</c> as a stream of newline-delimited watch events: resourceVersion semantics
/// (unset/0 = synthetic ADDED for current state, N = every change after N, 410 ERROR event when N left the
/// retained window), label/field selectors with ADDED/DELETED on transitions, BOOKMARK events when allowed
/// (including the initial-events-end bookmark for sendInitialEvents), and timeoutSeconds.
/// </summary>
internal sealed class WatchStreamer
{
    private static readonly byte[] Suffix = "}\n"u8.ToArray();
    private static readonly Dictionary<string, byte[]> Prefixes = new[] { "ADDED", "MODIFIED", "DELETED", "BOOKMARK", "ERROR" }
        .ToDictionary(t => t, t => Encoding.UTF8.GetBytes($"{{\"type\":\"{t}\",\"object\":"), StringComparer.Ordinal);
    private readonly ObjectStore _store;
    private readonly FaultInjector _faults;
    private readonly TimeProvider _time;
    private readonly TimeSpan _bookmarkInterval;
    private readonly ResourceOperations _reads;

    public WatchStreamer(ObjectStore store, FaultInjector faults, TimeProvider time, TimeSpan bookmarkInterval, ResourceOperations reads)
    {
        _reads = reads;
        _store = store;
        _faults = faults;
        _time = time;
        _bookmarkInterval = bookmarkInterval;
    }

    public async Task StreamAsync(HttpContext ctx, ApiRequest req, CancellationToken ct)
    {
        var type = req.Type;
        var labels = LabelSelector.Parse(req.Param("labelSelector"));
        var fields = FieldSelector.Parse(req.Param("fieldSelector"));
        var bookmarks = req.Param("allowWatchBookmarks") is "true" or "1";
        var sendInitial = req.Param("sendInitialEvents") is "true" or "1";
        var timeout = long.TryParse(req.Param("timeoutSeconds"), NumberStyles.None, CultureInfo.InvariantCulture, out var ts) && ts > 0
            ? TimeSpan.FromSeconds(ts)
            : TimeSpan.FromSeconds(1800 + Random.Shared.Next(1800));
        var rvText = req.Param("resourceVersion");
        long? from = null;
        if (rvText.Length > 0 && rvText != "0")
        {
            if (!long.TryParse(rvText, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
            {
                throw ApiErrors.BadRequest($"invalid resource version: {rvText}");
            }

            from = parsed;
        }

        if (sendInitial)
        {
            from = null;
        }

        var ns = type.Namespaced && req.Namespace.Length > 0 ? req.Namespace : null;
        WatchSubscription subscription;
        List<StoredObject>? snapshot;
        ApiException? expired = null;
        try
        {
            if (_faults.TakeWatchExpiry())
            {
                throw ApiErrors.Expired(from ?? 0, _store.CurrentVersion);
            }

            (subscription, snapshot) = _store.Bucket(type).Subscribe(from, ns);
        }
        catch (ApiException e) when (e.Code == 410)
        {
            expired = e;
            subscription = null!;
            snapshot = null;
        }

        ctx.Response.StatusCode = 200;
        ctx.Response.ContentType = "application/json";
        ctx.Response.Headers.CacheControl = "no-cache, private";
        var body = ctx.Response.BodyWriter;
        if (expired is not null)
        {
            WriteFrame(body, "ERROR", JsonSerializer.SerializeToUtf8Bytes(expired.ToStatus()));
            await body.FlushAsync(ct);
            return;
        }

        using var sub = subscription;
        await ctx.Response.StartAsync(ct);
        var lastVersion = from ?? _store.CurrentVersion;
        if (snapshot is not null)
        {
            foreach (var o in snapshot)
            {
                if (labels.Matches(o.Node) && fields.Matches(o.Node))
                {
                    WriteObject(body, "ADDED", o, req);
                }

                lastVersion = Math.Max(lastVersion, o.ResourceVersion);
            }

            if (sendInitial && bookmarks)
            {
                WriteBookmark(body, req, lastVersion, initialEventsEnd: true);
            }
        }

        await body.FlushAsync(ct);
        using var timeoutCts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeoutCts.CancelAfter(timeout);
        var token = timeoutCts.Token;
        var reader = sub.Events;
        Task? tick = null;
        try
        {
            while (true)
            {
                while (reader.TryRead(out var e))
                {
                    lastVersion = e.ResourceVersion;
                    if (ns is not null && e.Object.Namespace != ns)
                    {
                        continue; // a namespaced watch sees only its namespace; the bucket holds every namespace
                    }

                    var (eventType, obj) = Classify(e, labels, fields);
                    if (eventType is not null)
                    {
                        WriteObject(body, eventType, obj, req);
                    }
                }

                await body.FlushAsync(token);
                var wait = reader.WaitToReadAsync(token).AsTask();
                while (bookmarks && !wait.IsCompleted)
                {
                    tick ??= Task.Delay(_bookmarkInterval, _time, token);
                    if (await Task.WhenAny(wait, tick) == tick)
                    {
                        await tick;
                        tick = null;
                        WriteBookmark(body, req, Math.Max(lastVersion, _store.CurrentVersion), initialEventsEnd: false);
                        await body.FlushAsync(token);
                    }
                }

                if (!await wait)
                {
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
            // timeoutSeconds elapsed or the client went away: the stream simply ends.
        }
    }

    private static (string? Type, StoredObject Object) Classify(StoreEvent e, LabelSelector labels, FieldSelector fields)
    {
        bool Match(StoredObject? o) => o is not null && labels.Matches(o.Node) && fields.Matches(o.Node);
        if (labels.IsEverything && fields.IsEmpty)
        {
            return (Name(e.Type), e.Object);
        }

        var now = Match(e.Object);
        var before = Match(e.Previous);
        return e.Type switch
        {
            WatchEventType.Added => (now ? "ADDED" : null, e.Object),
            WatchEventType.Deleted => (before || now ? "DELETED" : null, e.Object),
            _ => (now, before) switch
            {
                (true, true) => ("MODIFIED", e.Object),
                (true, false) => ("ADDED", e.Object),
                (false, true) => ("DELETED", e.Object),
                _ => (null, e.Object),
            },
        };
    }

    private static string Name(WatchEventType t) => t switch
    {
        WatchEventType.Added => "ADDED",
        WatchEventType.Modified => "MODIFIED",
        _ => "DELETED",
    };

    private void WriteObject(PipeWriter body, string type, StoredObject o, ApiRequest req)
    {
        // Objects are served as a read serves them: in the requested version, with schema defaults applied.
        if (_reads.TransformsOnRead(req.Type))
        {
            WriteFrame(body, type, JsonSerializer.SerializeToUtf8Bytes(_reads.ForRead(o, req.Type)));
        }
        else
        {
            WriteFrame(body, type, o.Json.Span);
        }
    }

    private static void WriteBookmark(PipeWriter body, ApiRequest req, long version, bool initialEventsEnd)
    {
        var meta = new JsonObject { ["resourceVersion"] = version.ToString(CultureInfo.InvariantCulture) };
        if (initialEventsEnd)
        {
            meta["annotations"] = new JsonObject { ["k8s.io/initial-events-end"] = "true" };
        }

        var obj = new JsonObject { ["kind"] = req.Type.Kind, ["apiVersion"] = req.Type.ApiVersion, ["metadata"] = meta };
        WriteFrame(body, "BOOKMARK", JsonSerializer.SerializeToUtf8Bytes(obj));
    }

    /// <summary>Frames go straight into the response pipe; the caller flushes once per batch of events.</summary>
    private static void WriteFrame(PipeWriter body, string type, ReadOnlySpan<byte> json)
    {
        body.Write(Prefixes[type]);
        body.Write(json);
        body.Write(Suffix);
    }
}
