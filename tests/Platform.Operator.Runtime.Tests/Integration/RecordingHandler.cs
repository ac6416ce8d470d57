using System.Collections.Concurrent;

namespace Platform.Operator.Runtime.Tests.Integration;

/// <summary>Records what a client sends (method, path, decoded query, content type) so tests can check the wire shape.</summary>
public sealed class RecordingHandler : DelegatingHandler
{
    public ConcurrentQueue<(string Method, string Path, string Query, string? ContentType)> Requests { get; } = new();

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Requests.Enqueue((request.Method.Method, request.RequestUri!.AbsolutePath, Uri.UnescapeDataString(request.RequestUri.Query), request.Content?.Headers.ContentType?.MediaType));
        return base.SendAsync(request, cancellationToken);
    }
}
