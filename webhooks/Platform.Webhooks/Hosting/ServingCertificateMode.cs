namespace Platform.Webhooks.Hosting;

/// <summary>Where the admission server's serving certificate comes from.</summary>
public enum ServingCertificateMode
{
    /// <summary>tls.crt and tls.key in <see cref="AdmissionWebhookOptions.CertificateDirectory"/>, reloaded when they change (cert-manager).</summary>
    Files,

    /// <summary>A CA kept in a Secret, a serving certificate renewed before expiry, and the caBundle written into the suite's webhook configurations.</summary>
    SelfManaged,
}
