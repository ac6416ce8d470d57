namespace Platform.Webhooks.Certificates;

/// <summary>
/// Holds the certificate the TLS handshake callback reads. Rotation swaps the reference atomically, so a handshake
/// sees either the old or the new certificate, never a half-updated one, and open connections are not touched.
/// </summary>
internal sealed class ServingCertificateStore
{
    private ServingCertificate? current;

    public ServingCertificate? Current => Volatile.Read(ref current);

    public event Action<ServingCertificate>? Rotated;

    public void Publish(ServingCertificate certificate)
    {
        // The old certificate is not disposed: handshakes that already read it may still be using it.
        Interlocked.Exchange(ref current, certificate);
        Rotated?.Invoke(certificate);
    }
}
