using System.Net;

namespace Platform.Testing.FakeApi;

/// <summary>An injected failure: answer the next <see cref="Remaining"/> matching requests with <see cref="StatusCode"/>.</summary>
internal sealed class FakeFault(int remaining, HttpStatusCode statusCode, Func<RecordedRequest, bool> matches)
{
    public int Remaining { get; set; } = remaining;

    public HttpStatusCode StatusCode { get; } = statusCode;

    public Func<RecordedRequest, bool> Matches { get; } = matches;
}
