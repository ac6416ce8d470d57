using System.Net;
using System.Net.Http.Headers;
using System.Text;
using k8s;
using k8s.Models;
using Platform.Operator.Abstractions.Builder;
using Platform.Operator.Abstractions.Client;

namespace Platform.Operator.Runtime.Client;

/// <summary>
/// Raw HTTP to the API server through the configured <see cref="Kubernetes"/> client's handler chain and
/// credentials, so one code path serves built-in kinds and custom resources, watches with bookmarks included.
/// </summary>
internal sealed class ApiTransport
{
    private readonly Kubernetes _kubernetes;
    private readonly TimeSpan _requestTimeout;

    public ApiTransport(IKubernetes kubernetes, OperatorSettings settings)
    {
        _kubernetes = kubernetes as Kubernetes
            ?? throw new ArgumentException("The operator runtime needs the KubernetesClient Kubernetes implementation of IKubernetes.", nameof(kubernetes));
        _requestTimeout = settings.RequestTimeout;
    }

    /// <summary>Sends a request and returns the response once its headers arrived; the caller disposes it.</summary>
    public async Task<HttpResponseMessage> SendAsync(
        HttpMethod method,
        string pathAndQuery,
        HttpContent? content,
        bool streaming,
        CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, new Uri(_kubernetes.BaseUri, pathAndQuery)) { Content = content };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (_kubernetes.Credentials is { } credentials)
        {
            await credentials.ProcessHttpRequestAsync(request, cancellationToken).ConfigureAwait(false);
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_requestTimeout);
        try
        {
            return await _kubernetes.HttpClient
                .SendAsync(request, streaming ? HttpCompletionOption.ResponseHeadersRead : HttpCompletionOption.ResponseContentRead, timeout.Token)
                .ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new KubernetesApiException($"{method} {pathAndQuery} timed out after {_requestTimeout.TotalSeconds:0.#} s.", new TimeoutException());
        }
        catch (HttpRequestException e)
        {
            throw new KubernetesApiException($"{method} {pathAndQuery} failed: {e.Message}", e);
        }
    }

    /// <summary>Sends a request and deserializes a success body; error statuses throw <see cref="KubernetesApiException"/>.</summary>
    public async Task<T> SendForObjectAsync<T>(HttpMethod method, string pathAndQuery, HttpContent? content, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(method, pathAndQuery, content, streaming: false, cancellationToken).ConfigureAwait(false);
        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw ToException(method, pathAndQuery, response.StatusCode, body);
        }

        try
        {
            return KubernetesJson.Deserialize<T>(body)
                ?? throw new KubernetesApiException(response.StatusCode, null, $"{method} {pathAndQuery} returned an empty body.");
        }
        catch (System.Text.Json.JsonException e)
        {
            throw new KubernetesApiException($"{method} {pathAndQuery} returned a body that is not a {typeof(T).Name}: {e.Message}", e);
        }
    }

    /// <summary>JSON content with the given media type (application/json, merge-patch+json, json-patch+json).</summary>
    public static HttpContent Json(string json, string mediaType = "application/json") =>
        new StringContent(json, Encoding.UTF8, new MediaTypeHeaderValue(mediaType));

    /// <summary>Builds the exception for an error response, reading the Status body when there is one.</summary>
    public static KubernetesApiException ToException(HttpMethod method, string pathAndQuery, HttpStatusCode statusCode, string body)
    {
        V1Status? status = null;
        try
        {
            status = body.Length > 0 ? KubernetesJson.Deserialize<V1Status>(body) : null;
        }
        catch (System.Text.Json.JsonException)
        {
            // Not a Status body (a proxy's HTML page, say); the status code alone tells the story.
        }

        var reason = status?.Message ?? (body.Length > 200 ? body[..200] : body);
        return new KubernetesApiException(statusCode, status, $"{method} {pathAndQuery}: {(int)statusCode} {statusCode}: {reason}");
    }
}
