using System.Collections.Frozen;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Platform.Webhooks.Abstractions.Admission;
using Platform.Webhooks.Certificates;
using Platform.Webhooks.Diagnostics;
using Platform.Webhooks.Hosting;

namespace Platform.Webhooks.Endpoints;

/// <summary>
/// The whole HTTP surface of the admission server: probes, metrics and one POST route per webhook. Every failure
/// is answered with a 4xx (or an admission denial) and a message; nothing escapes as a 500.
/// </summary>
internal sealed class AdmissionRequestHandler
{
    private readonly FrozenDictionary<string, IAdmissionEndpoint> endpoints;
    private readonly ServingCertificateStore certificates;
    private readonly AdmissionMetrics metrics;
    private readonly TimeProvider timeProvider;
    private readonly AdmissionWebhookOptions settings;
    private readonly ILogger logger;

    public AdmissionRequestHandler(
        IEnumerable<IAdmissionEndpoint> endpoints,
        ServingCertificateStore certificates,
        AdmissionMetrics metrics,
        TimeProvider timeProvider,
        IOptions<AdmissionWebhookOptions> options,
        ILogger<AdmissionRequestHandler> logger)
    {
        var all = endpoints.ToList();
        if (all.GroupBy(e => e.Registration.Path, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } clash)
        {
            throw new InvalidOperationException($"{string.Join(" and ", clash.Select(e => e.Registration.WebhookType.Name))} are both registered at {clash.Key}");
        }

        this.endpoints = all.ToFrozenDictionary(e => e.Registration.Path, StringComparer.Ordinal);
        this.certificates = certificates;
        this.metrics = metrics;
        this.timeProvider = timeProvider;
        settings = options.Value;
        this.logger = logger;
    }

    public IReadOnlyCollection<string> Paths => endpoints.Keys;

    public async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "";
        try
        {
            if (endpoints.TryGetValue(path, out var endpoint))
            {
                await AdmitAsync(context, endpoint);
                return;
            }

            switch (path)
            {
                case "/healthz":
                    await WriteProbeAsync(context, true);
                    return;
                case "/readyz":
                    await WriteProbeAsync(context, certificates.Current is { } c && c.NotAfter > timeProvider.GetUtcNow());
                    return;
                case "/metrics" when HttpMethods.IsGet(context.Request.Method):
                    context.Response.ContentType = "text/plain; version=0.0.4; charset=utf-8";
                    await metrics.ExportAsync(context.Response.Body, context.RequestAborted);
                    return;
                default:
                    await WriteStatusAsync(context, StatusCodes.Status404NotFound, $"no webhook is served at {path}");
                    return;
            }
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away; there is nobody to answer.
        }
    }

    private async Task AdmitAsync(HttpContext context, IAdmissionEndpoint endpoint)
    {
        var started = timeProvider.GetTimestamp();
        var webhook = endpoint.Registration.Name;
        var request = context.Request;

        if (!HttpMethods.IsPost(request.Method))
        {
            context.Response.Headers.Allow = "POST";
            await RejectAsync(context, webhook, started, StatusCodes.Status405MethodNotAllowed, $"{request.Method} is not allowed; the API server POSTs AdmissionReviews");
            return;
        }

        if (!IsJson(request.ContentType))
        {
            await RejectAsync(context, webhook, started, StatusCodes.Status415UnsupportedMediaType,
                $"content type \"{request.ContentType}\" is not supported; send application/json");
            return;
        }

        if (request.ContentLength > settings.MaxRequestBodyBytes)
        {
            await DiscardBodyAsync(context, request.ContentLength.Value);
            await RejectAsync(context, webhook, started, StatusCodes.Status413PayloadTooLarge,
                $"request body of {request.ContentLength} bytes exceeds the limit of {settings.MaxRequestBodyBytes} bytes");
            return;
        }

        AdmissionReview? review;
        try
        {
            review = await JsonSerializer.DeserializeAsync(request.Body, AdmissionJsonContext.Default.AdmissionReview, context.RequestAborted);
        }
        catch (JsonException e)
        {
            await RejectAsync(context, webhook, started, StatusCodes.Status400BadRequest, $"request body is not an AdmissionReview: {e.Message}");
            return;
        }
        catch (BadHttpRequestException e)
        {
            // Kestrel's body limit (chunked bodies have no Content-Length to check up front) and malformed framing.
            var code = e.StatusCode == StatusCodes.Status413PayloadTooLarge ? e.StatusCode : StatusCodes.Status400BadRequest;
            await RejectAsync(context, webhook, started, code, code == StatusCodes.Status413PayloadTooLarge
                ? $"request body exceeds the limit of {settings.MaxRequestBodyBytes} bytes"
                : $"malformed request: {e.Message}");
            return;
        }

        if (EnvelopeProblem(review) is { } problem)
        {
            await RejectAsync(context, webhook, started, StatusCodes.Status400BadRequest, $"request body is not an AdmissionReview: {problem}");
            return;
        }

        var admission = review!.Request!;
        var (response, result) = await ReviewAsync(endpoint, admission, context.RequestAborted);
        await WriteReviewAsync(context, response);
        metrics.Observe(webhook, result, timeProvider.GetElapsedTime(started));
    }

    private async Task<(AdmissionResponse Response, string Result)> ReviewAsync(IAdmissionEndpoint endpoint, AdmissionRequest request, CancellationToken aborted)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(aborted);
        var webhook = endpoint.Registration.Name;
        try
        {
            var work = endpoint.ReviewAsync(request, timeout.Token);
            var response = await work.WaitAsync(settings.RequestTimeout, timeProvider, aborted);
            var result = response.Allowed ? "allowed" : "denied";
            return (response, result);
        }
        catch (TimeoutException)
        {
            await timeout.CancelAsync();
            logger.TimedOut(webhook, settings.RequestTimeout);
            return (AdmissionResponses.Denied(request.Uid!, StatusCodes.Status504GatewayTimeout,
                $"admission webhook {webhook} did not finish within {settings.RequestTimeout.TotalSeconds:0.###} s"), "timeout");
        }
        catch (Exception e) when (e is not OperationCanceledException || !aborted.IsCancellationRequested)
        {
            // A webhook bug denies this one request; the server and every other request carry on.
            logger.WebhookFailed(webhook, e);
            return (AdmissionResponses.Denied(request.Uid!, StatusCodes.Status503ServiceUnavailable,
                $"admission webhook {webhook} failed to evaluate the request: {e.GetType().Name}"), "error");
        }
    }

    /// <summary>
    /// Reads and drops a moderately oversized body so the client, still sending, reliably receives the 413 instead
    /// of a reset connection. Bodies beyond four times the limit are not worth the bandwidth: Kestrel closes those.
    /// </summary>
    private async Task DiscardBodyAsync(HttpContext context, long length)
    {
        if (length > settings.MaxRequestBodyBytes * 4 || context.Features.Get<IHttpMaxRequestBodySizeFeature>() is not { IsReadOnly: false } limit)
        {
            return;
        }

        limit.MaxRequestBodySize = length;
        try
        {
            await context.Request.Body.CopyToAsync(Stream.Null, context.RequestAborted);
        }
        catch (Exception e) when (e is IOException or BadHttpRequestException)
        {
            // The client gave up; the 413 is written anyway and Kestrel closes the connection.
        }
    }

    private static string? EnvelopeProblem(AdmissionReview? review)
    {
        if (review is null)
        {
            return "the body is empty or null";
        }

        if (review.Kind != AdmissionReview.ReviewKind)
        {
            return $"kind is \"{review.Kind}\", expected \"{AdmissionReview.ReviewKind}\"";
        }

        if (review.ApiVersion != AdmissionReview.V1ApiVersion)
        {
            return $"apiVersion is \"{review.ApiVersion}\", expected \"{AdmissionReview.V1ApiVersion}\"";
        }

        if (review.Request is null)
        {
            return "request is missing";
        }

        if (string.IsNullOrEmpty(review.Request.Uid))
        {
            return "request.uid is missing";
        }

        return string.IsNullOrEmpty(review.Request.Operation) ? "request.operation is missing" : null;
    }

    private static bool IsJson(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var parsed) &&
        string.Equals(parsed.MediaType, "application/json", StringComparison.OrdinalIgnoreCase);

    private async Task RejectAsync(HttpContext context, string webhook, long started, int code, string message)
    {
        logger.Rejected(context.Request.Path.Value ?? "", code, message);
        await WriteStatusAsync(context, code, message);
        metrics.Observe(webhook, "rejected", timeProvider.GetElapsedTime(started));
    }

    private static async Task WriteReviewAsync(HttpContext context, AdmissionResponse response)
    {
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/json";
        var review = new AdmissionReview { ApiVersion = AdmissionReview.V1ApiVersion, Kind = AdmissionReview.ReviewKind, Response = response };
        // Serialized whole, then written with its Content-Length: one write and one TLS record instead of chunked framing.
        var body = JsonSerializer.SerializeToUtf8Bytes(review, AdmissionJsonContext.Default.AdmissionReview);
        context.Response.ContentLength = body.Length;
        await context.Response.Body.WriteAsync(body, context.RequestAborted);
    }

    private static async Task WriteProbeAsync(HttpContext context, bool healthy)
    {
        context.Response.StatusCode = healthy ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable;
        context.Response.ContentType = "text/plain";
        await context.Response.WriteAsync(healthy ? "ok" : "not ready: no valid serving certificate", context.RequestAborted);
    }

    /// <summary>Answers with a metav1.Status body, the shape Kubernetes clients expect from an error.</summary>
    private static async Task WriteStatusAsync(HttpContext context, int code, string message)
    {
        context.Response.StatusCode = code;
        context.Response.ContentType = "application/json";
        using var buffer = new MemoryStream();
        await using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("kind", "Status");
            writer.WriteString("apiVersion", "v1");
            writer.WriteString("status", "Failure");
            writer.WriteString("message", message);
            writer.WriteString("reason", AdmissionResponses.ReasonFor(code));
            writer.WriteNumber("code", code);
            writer.WriteEndObject();
        }

        await context.Response.Body.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), context.RequestAborted);
    }
}
