namespace Platform.Webhooks.Hosting;

/// <summary>Settings of the admission webhook server.</summary>
public sealed class AdmissionWebhookOptions
{
    /// <summary>The configuration section these options bind to.</summary>
    public const string SectionName = "Webhooks";

    /// <summary>The address Kestrel binds.</summary>
    public string BindAddress { get; set; } = "0.0.0.0";

    /// <summary>The HTTPS port; 0 picks a free one (tests).</summary>
    public int Port { get; set; } = 9443;

    /// <summary>
    /// Largest accepted request body. An AdmissionReview carries the object and the old object, each at most
    /// etcd's 1.5 MiB default (3 MiB request limit), plus the envelope.
    /// </summary>
    public long MaxRequestBodyBytes { get; set; } = 6 * 1024 * 1024;

    /// <summary>How long one webhook may take before the request is answered with a timeout denial.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(4);

    /// <summary>timeoutSeconds written into the generated webhook configurations (1..5).</summary>
    public int TimeoutSeconds { get; set; } = 5;

    /// <summary>Where the serving certificate comes from.</summary>
    public ServingCertificateMode CertificateMode { get; set; } = ServingCertificateMode.Files;

    /// <summary>Directory holding tls.crt and tls.key (mode Files).</summary>
    public string CertificateDirectory { get; set; } = "/tmp/k8s-webhook-server/serving-certs";

    /// <summary>How often the certificate files are checked for changes (mode Files).</summary>
    public TimeSpan CertificateCheckInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The Service in front of the server: its DNS name goes into the serving certificate and the configurations.</summary>
    public string ServiceName { get; set; } = "platform-webhooks";

    /// <summary>The namespace of the Service and of the CA Secret.</summary>
    public string Namespace { get; set; } = "platform-system";

    /// <summary>The Service port the API server calls.</summary>
    public int ServicePort { get; set; } = 443;

    /// <summary>The Secret keeping the self-managed CA (mode SelfManaged).</summary>
    public string CaSecretName { get; set; } = "platform-webhook-ca";

    /// <summary>Lifetime of the self-managed CA.</summary>
    public TimeSpan CaLifetime { get; set; } = TimeSpan.FromDays(3650);

    /// <summary>Lifetime of a self-managed serving certificate.</summary>
    public TimeSpan ServingCertificateLifetime { get; set; } = TimeSpan.FromDays(90);

    /// <summary>A self-managed serving certificate is renewed once it has less than this left.</summary>
    public TimeSpan RenewBefore { get; set; } = TimeSpan.FromDays(30);

    /// <summary>How often the caBundle of the suite's configurations is checked and repaired (mode SelfManaged).</summary>
    public TimeSpan CaBundleResyncInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Wait before retrying a failed Kubernetes API call (mode SelfManaged).</summary>
    public TimeSpan RetryInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The label marking the suite's own webhook configurations: only those get a caBundle.</summary>
    public string SuiteLabelName { get; set; } = "app.kubernetes.io/part-of";

    /// <summary>The value of <see cref="SuiteLabelName"/>.</summary>
    public string SuiteLabelValue { get; set; } = "platform";

    /// <summary>Name of the generated ValidatingWebhookConfiguration.</summary>
    public string ValidatingConfigurationName { get; set; } = "platform-validating-webhooks";

    /// <summary>Name of the generated MutatingWebhookConfiguration.</summary>
    public string MutatingConfigurationName { get; set; } = "platform-mutating-webhooks";
}
