namespace Platform.Webhooks.Federation;

/// <summary>Settings of the SPIFFE bundle endpoint (federation, SPIRE's <c>https_web</c> profile).</summary>
public sealed class BundleEndpointOptions
{
    /// <summary>The address Kestrel binds.</summary>
    public string BindAddress { get; set; } = "0.0.0.0";

    /// <summary>The HTTPS port (SPIRE's bundle endpoint default 8443); 0 picks a free one (tests).</summary>
    public int Port { get; set; } = 8443;

    /// <summary>
    /// Directory of tls.crt/tls.key for this endpoint alone (e.g. a cert-manager certificate for the public name
    /// federated peers dial), reloaded on change; null shares the admission server's serving certificate.
    /// </summary>
    public string? CertificateDirectory { get; set; }
}
