using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Platform.Sandbox.Api;
using Platform.Sandbox.Authentication;
using Platform.Sandbox.Errors;
using Platform.Sandbox.Faults;
using Platform.Sandbox.Resources;
using Platform.Sandbox.Rest;
using Platform.Sandbox.Semantics;
using Platform.Sandbox.Storage;

namespace Platform.Sandbox.Http;

/// <summary>
/// The single terminal handler of the API server: authentication, fault injection, discovery and
/// OpenAPI, then resource requests routed by group/version/resource to <see cref="ResourceOperations"/>.
/// Every failure becomes a Status body; nothing a client sends can take the server down.
/// </summary>
internal sealed partial class ApiServerEndpoint
{
    /// <summary>The API server's request body limit (3 MiB), answered with 413 beyond it.</summary>
    public const int MaxBodyBytes = 3 * 1024 * 1024;

    private static readonly string[] BodyTypes = ["application/json", "application/yaml"];

    private readonly TokenAuthenticator _auth;
    private readonly FaultInjector _faults;
    private readonly ResourceCatalog _catalog;
    private readonly ResourceOperations _operations;
    private readonly WatchStreamer _watch;
    private readonly OpenApiDocuments _openApi;
    private readonly ILogger _logger;
    private readonly Func<string> _serverAddress;
    private readonly TimeProvider _time;

    public ApiServerEndpoint(TokenAuthenticator auth, FaultInjector faults, ResourceCatalog catalog, ResourceOperations operations,
        WatchStreamer watch, OpenApiDocuments openApi, ILogger logger, Func<string> serverAddress, TimeProvider time)
    {
        _time = time;
        _auth = auth;
        _faults = faults;
        _catalog = catalog;
        _operations = operations;
        _watch = watch;
        _openApi = openApi;
        _logger = logger;
        _serverAddress = serverAddress;
    }

    public async Task HandleAsync(HttpContext ctx)
    {
        var ct = ctx.RequestAborted;
        try
        {
            var path = ctx.Request.Path.Value ?? "/";
            if (path is "/healthz" or "/readyz" or "/livez")
            {
                await WriteTextAsync(ctx, 200, "ok");
                return;
            }

            if (path == "/version")
            {
                await WriteJsonAsync(ctx, 200, Discovery.Version(), []);
                return;
            }

            var user = _auth.Authenticate(ctx.Request.Headers.Authorization.ToString()) ?? throw ApiErrors.Unauthorized();
            await InjectFaultsAsync(path, ctx.Request.Query["watch"].ToString() is "true" or "1", ct);
            await RouteAsync(ctx, path.TrimEnd('/'), user, ct);
        }
        catch (ApiException e)
        {
            await WriteErrorAsync(ctx, e);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The client went away; nothing to answer.
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException or ArgumentException or KeyNotFoundException)
        {
            // Malformed input that slipped past the explicit checks is the client's error, not ours.
            LogBadRequest(_logger, ctx.Request.Method, ctx.Request.Path.Value ?? "", e.Message);
            await WriteErrorAsync(ctx, ApiErrors.BadRequest(e.Message));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogUnexpected(_logger, e, ctx.Request.Method, ctx.Request.Path.Value ?? "");
            await WriteErrorAsync(ctx, ApiErrors.Internal(e.Message));
        }
    }

    private async Task InjectFaultsAsync(string path, bool isWatch, CancellationToken ct)
    {
        if (!path.StartsWith("/api", StringComparison.Ordinal))
        {
            return;
        }

        if (_faults.Latency > TimeSpan.Zero)
        {
            await Task.Delay(_faults.Latency, ct);
        }

        if (isWatch)
        {
            return;
        }

        switch (_faults.TakeRequestFault())
        {
            case RequestFault.InternalError:
                throw ApiErrors.Internal("injected fault");
            case RequestFault.TooManyRequests:
                throw ApiErrors.TooManyRequests();
            case RequestFault.Timeout:
                await Task.Delay(_faults.TimeoutDelay, ct);
                throw ApiErrors.Timeout();
        }
    }

    private async Task RouteAsync(HttpContext ctx, string path, AdmissionUserInfo user, CancellationToken ct)
    {
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var method = ctx.Request.Method;
        if (segments.Length >= 1 && segments[0] == "openapi")
        {
            await ServeOpenApiAsync(ctx, segments);
            return;
        }

        string group;
        string version;
        string[] rest;
        if (segments.Length >= 1 && segments[0] == "api")
        {
            if (segments.Length == 1)
            {
                await WriteJsonAsync(ctx, 200, Discovery.CoreVersions(_serverAddress()), []);
                return;
            }

            if (segments[1] != "v1")
            {
                throw ApiErrors.UnknownPath();
            }

            (group, version, rest) = ("", "v1", segments[2..]);
        }
        else if (segments.Length >= 1 && segments[0] == "apis")
        {
            if (segments.Length == 1)
            {
                await WriteJsonAsync(ctx, 200, Discovery.GroupList(_catalog), []);
                return;
            }

            if (segments.Length == 2)
            {
                await WriteJsonAsync(ctx, 200, Discovery.GroupOf(_catalog, segments[1]) ?? throw ApiErrors.UnknownPath(), []);
                return;
            }

            (group, version, rest) = (segments[1], segments[2], segments[3..]);
        }
        else
        {
            throw ApiErrors.UnknownPath();
        }

        if (rest.Length == 0)
        {
            var types = _catalog.InGroupVersion(group, version);
            if (types.Count == 0)
            {
                throw ApiErrors.UnknownPath();
            }

            await WriteJsonAsync(ctx, 200, Discovery.ResourceList(group.Length == 0 ? version : $"{group}/{version}", types), []);
            return;
        }

        var (type, ns, name, sub) = Resolve(group, version, rest);
        var query = ctx.Request.Query.ToDictionary(q => q.Key, q => q.Value.ToString(), StringComparer.Ordinal);
        var dryRun = query.GetValueOrDefault("dryRun", "");
        if (dryRun.Length > 0 && dryRun != "All")
        {
            throw ApiErrors.BadRequest($"Invalid dry run value: \"{dryRun}\": supported values: \"All\"");
        }

        var req = new ApiRequest
        {
            Type = type,
            Namespace = ns,
            Name = name,
            Subresource = sub,
            User = user,
            DryRun = dryRun == "All",
            FieldManager = query.GetValueOrDefault("fieldManager", ""),
            Force = query.GetValueOrDefault("force", "") is "true" or "1",
            UserAgent = ctx.Request.Headers.UserAgent.ToString(),
            Query = query,
        };
        if (sub.Length > 0 && !type.Subresources.Contains(sub))
        {
            throw ApiErrors.UnknownPath();
        }

        switch (method)
        {
            case "GET" when name.Length == 0:
                if (query.GetValueOrDefault("watch", "") is "true" or "1")
                {
                    // A watch runs until the client leaves or the server stops: shutdown must not wait out its timeout.
                    var stopping = ctx.RequestServices.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
                    using var watchScope = CancellationTokenSource.CreateLinkedTokenSource(ct, stopping);
                    await _watch.StreamAsync(ctx, req, watchScope.Token);
                    return;
                }

                var list = _operations.List(req);
                if (TableConverter.Wants(ctx.Request.Headers.Accept.ToString()))
                {
                    await WriteJsonAsync(ctx, 200, Table(req, list.Items, list.ResourceVersion.ToString(CultureInfo.InvariantCulture), list.Continue), []);
                    return;
                }

                await WriteListAsync(ctx, req, list);
                return;
            case "GET" when sub is "" or "status" or "approval":
                if (TableConverter.Wants(ctx.Request.Headers.Accept.ToString()) && _operations.Find(type, ns, name) is { } one)
                {
                    await WriteJsonAsync(ctx, 200, Table(req, [one], one.ResourceVersion.ToString(CultureInfo.InvariantCulture), null), []);
                    return;
                }

                await WriteJsonAsync(ctx, 200, _operations.Get(req), []);
                return;
            case "POST" when name.Length == 0 && sub.Length == 0:
                await WriteResultAsync(ctx, await _operations.CreateAsync(req, await ReadObjectAsync(ctx, ct), ct));
                return;
            case "POST" when sub is "binding" or "token":
                await WriteResultAsync(ctx, await _operations.CreateAsync(req, await ReadObjectAsync(ctx, ct), ct));
                return;
            case "PUT" when name.Length > 0 && sub is not "binding" and not "token":
                await WriteResultAsync(ctx, await _operations.UpdateAsync(req, await ReadObjectAsync(ctx, ct), ct));
                return;
            case "PATCH" when name.Length > 0 && sub is "" or "status" or "approval":
                var text = await ReadBodyAsync(ctx, ct);
                await WriteResultAsync(ctx, await _operations.PatchAsync(req, ctx.Request.ContentType ?? "", text, ct));
                return;
            case "DELETE" when name.Length > 0 && sub.Length == 0:
                await WriteResultAsync(ctx, await _operations.DeleteAsync(req, await ReadOptionsAsync(ctx, ct), ct));
                return;
            case "DELETE" when name.Length == 0:
                await WriteResultAsync(ctx, await _operations.DeleteCollectionAsync(req, await ReadOptionsAsync(ctx, ct), ct));
                return;
            default:
                throw ApiErrors.MethodNotAllowed();
        }
    }

    private JsonObject Table(ApiRequest req, IEnumerable<StoredObject> items, string resourceVersion, string? continueToken)
    {
        JsonObject? crd = null;
        if (req.Type.CrdName is { } crdName && _catalog.Find("apiextensions.k8s.io", "v1", "customresourcedefinitions") is { } crdType)
        {
            crd = _operations.Find(crdType, "", crdName)?.Node;
        }

        return TableConverter.Convert(req.Type, items, resourceVersion, continueToken, crd, _time.GetUtcNow(), req.Param("includeObject") == "Object");
    }

    private (ResourceType Type, string Namespace, string Name, string Subresource) Resolve(string group, string version, string[] rest)
    {
        if (rest[0] == "namespaces" && rest.Length >= 3)
        {
            var candidate = _catalog.Find(group, version, rest[2]);
            if (candidate is { Namespaced: true })
            {
                return rest.Length switch
                {
                    3 => (candidate, rest[1], "", ""),
                    4 => (candidate, rest[1], rest[3], ""),
                    5 => (candidate, rest[1], rest[3], rest[4]),
                    _ => throw ApiErrors.UnknownPath(),
                };
            }
        }

        var type = _catalog.Find(group, version, rest[0]) ?? throw ApiErrors.UnknownPath();
        if (type.Namespaced && rest.Length > 1)
        {
            // Namespaced objects are only addressable inside their namespace.
            throw ApiErrors.UnknownPath();
        }

        return rest.Length switch
        {
            1 => (type, "", "", ""),
            2 => (type, "", rest[1], ""),
            3 => (type, "", rest[1], rest[2]),
            _ => throw ApiErrors.UnknownPath(),
        };
    }

    private async Task ServeOpenApiAsync(HttpContext ctx, string[] segments)
    {
        JsonObject? doc = segments switch
        {
            ["openapi", "v2"] => _openApi.Swagger(),
            ["openapi", "v3"] => _openApi.Root(),
            ["openapi", "v3", "api", "v1"] => _openApi.GroupVersion("", "v1"),
            ["openapi", "v3", "apis", var g, var v] => _openApi.GroupVersion(g, v),
            _ => null,
        };
        var accept = ctx.Request.Headers.Accept.ToString();
        if (segments is ["openapi", "v2"] && accept.Contains("protobuf", StringComparison.Ordinal) && !accept.Contains("json", StringComparison.Ordinal))
        {
            throw new ApiException(406, "NotAcceptable", "only application/json is supported");
        }

        await WriteJsonAsync(ctx, 200, doc ?? throw ApiErrors.UnknownPath(), []);
    }

    private static async Task<string> ReadBodyAsync(HttpContext ctx, CancellationToken ct) => Encoding.UTF8.GetString(await ReadBytesAsync(ctx, ct));

    private static async Task<byte[]> ReadBytesAsync(HttpContext ctx, CancellationToken ct)
    {
        if (ctx.Request.ContentLength > MaxBodyBytes)
        {
            throw ApiErrors.TooLarge(MaxBodyBytes);
        }

        // Sized from Content-Length and read through a pooled chunk: a fresh 80 KB array per request was most of a
        // write's allocations.
        var declared = ctx.Request.ContentLength;
        using var buffer = new MemoryStream(declared is > 0 and <= MaxBodyBytes ? (int)declared : 4096);
        var chunk = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            int read;
            while ((read = await ctx.Request.Body.ReadAsync(chunk, ct)) > 0)
            {
                if (buffer.Length + read > MaxBodyBytes)
                {
                    throw ApiErrors.TooLarge(MaxBodyBytes);
                }

                buffer.Write(chunk, 0, read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }

        return buffer.ToArray();
    }

    private static async Task<JsonObject> ReadObjectAsync(HttpContext ctx, CancellationToken ct)
    {
        var mediaType = (ctx.Request.ContentType ?? "application/json").Split(';')[0].Trim().ToLowerInvariant();
        if (mediaType == ProtobufObjectDecoder.MediaType)
        {
            return ProtobufObjectDecoder.Decode(await ReadBytesAsync(ctx, ct), BodyTypes);
        }

        if (mediaType is not ("application/json" or "application/yaml" or "*/*" or ""))
        {
            throw ApiErrors.UnsupportedMediaType(mediaType, BodyTypes);
        }

        var text = await ReadBodyAsync(ctx, ct);
        JsonNode? node;
        if (mediaType == "application/yaml")
        {
            node = YamlJson.Parse(text);
        }
        else
        {
            try
            {
                node = JsonNode.Parse(text);
            }
            catch (JsonException e)
            {
                throw ApiErrors.BadRequest($"the server could not decode the request body: {e.Message}");
            }
        }

        return node as JsonObject ?? throw ApiErrors.BadRequest("the request body must be a single JSON object");
    }

    private static async Task<JsonObject?> ReadOptionsAsync(HttpContext ctx, CancellationToken ct)
    {
        var text = await ReadBodyAsync(ctx, ct);
        JsonObject options;
        try
        {
            options = text.Trim().Length == 0 ? [] : JsonNode.Parse(text) as JsonObject ?? throw ApiErrors.BadRequest("DeleteOptions must be an object");
        }
        catch (JsonException e)
        {
            throw ApiErrors.BadRequest($"the server could not decode DeleteOptions: {e.Message}");
        }

        foreach (var name in new[] { "propagationPolicy", "gracePeriodSeconds", "orphanDependents" })
        {
            if (ctx.Request.Query.TryGetValue(name, out var v) && options[name] is null)
            {
                options[name] = name == "propagationPolicy" ? v.ToString()
                    : name == "orphanDependents" ? v.ToString() is "true" or "1"
                    : long.TryParse(v.ToString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l) ? l : null;
            }
        }

        return options;
    }

    private async Task WriteListAsync(HttpContext ctx, ApiRequest req, ListResult list)
    {
        ctx.Response.StatusCode = 200;
        ctx.Response.ContentType = "application/json";
        await using var writer = new Utf8JsonWriter(ctx.Response.BodyWriter.AsStream());
        writer.WriteStartObject();
        writer.WriteString("kind", req.Type.Kind + "List");
        writer.WriteString("apiVersion", req.Type.ApiVersion);
        writer.WriteStartObject("metadata");
        writer.WriteString("resourceVersion", list.ResourceVersion.ToString(CultureInfo.InvariantCulture));
        if (list.Continue is not null)
        {
            writer.WriteString("continue", list.Continue);
        }

        if (list.RemainingItemCount is { } remaining)
        {
            writer.WriteNumber("remainingItemCount", remaining);
        }

        writer.WriteEndObject();
        writer.WriteStartArray("items");
        var convert = _operations.TransformsOnRead(req.Type);
        foreach (var o in list.Items)
        {
            if (convert)
            {
                _operations.ForRead(o, req.Type).WriteTo(writer);
            }
            else
            {
                writer.WriteRawValue(o.Json.Span, skipInputValidation: true);
            }
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
        await writer.FlushAsync();
    }

    private static Task WriteResultAsync(HttpContext ctx, ApiResult result) => WriteJsonAsync(ctx, result.Code, result.Body, result.Warnings);

    private static async Task WriteJsonAsync(HttpContext ctx, int code, JsonObject body, IReadOnlyList<string> warnings)
    {
        ctx.Response.StatusCode = code;
        ctx.Response.ContentType = "application/json";
        foreach (var w in warnings)
        {
            ctx.Response.Headers.Append("Warning", $"299 - \"{w.Replace("\"", "\\\"", StringComparison.Ordinal)}\"");
        }

        await ctx.Response.Body.WriteAsync(JsonSerializer.SerializeToUtf8Bytes(body));
    }

    private static async Task WriteTextAsync(HttpContext ctx, int code, string text)
    {
        ctx.Response.StatusCode = code;
        ctx.Response.ContentType = "text/plain; charset=utf-8";
        await ctx.Response.WriteAsync(text);
    }

    private static async Task WriteErrorAsync(HttpContext ctx, ApiException e)
    {
        if (ctx.Response.HasStarted)
        {
            return;
        }

        ctx.Response.Clear();
        if (e.RetryAfterSeconds is { } retry)
        {
            ctx.Response.Headers.RetryAfter = retry.ToString(CultureInfo.InvariantCulture);
        }

        await WriteJsonAsync(ctx, e.Code, e.ToStatus(), []);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "bad request {Method} {Path}: {Reason}")]
    private static partial void LogBadRequest(ILogger logger, string method, string path, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "unexpected failure serving {Method} {Path}")]
    private static partial void LogUnexpected(ILogger logger, Exception e, string method, string path);
}
