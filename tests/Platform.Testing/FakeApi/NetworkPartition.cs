namespace Platform.Testing.FakeApi;

/// <summary>
/// A client-side handler that cuts one client off the API server while <see cref="IsPartitioned"/> is set (requests
/// fail as if the network were down), to simulate a replica losing contact.
/// </summary>
public sealed class NetworkPartition : DelegatingHandler
{
    /// <summary>Whether requests currently fail.</summary>
    public bool IsPartitioned { get; set; }

    /// <inheritdoc/>
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        IsPartitioned
            ? throw new HttpRequestException("network partition (test)")
            : base.SendAsync(request, cancellationToken);
}
