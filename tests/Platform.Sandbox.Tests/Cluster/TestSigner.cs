using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using k8s;
using k8s.Models;

namespace Platform.Sandbox.Tests.Cluster;

/// <summary>
/// A minimal PodCertificateRequest signer for tests: polls pending requests, issues a certificate for the key
/// in stubPKCS10Request from an in-test CA (or denies requests to <see cref="DenyingSigner"/>), valid for two hours or
/// the request's maxExpirationSeconds if shorter, with beginRefreshAt = issue time + <see cref="RefreshAfter"/> on the
/// cluster's clock.
/// </summary>
internal sealed class TestSigner : IAsyncDisposable
{
    public const string IssuingSigner = "example.com/test";
    public const string DenyingSigner = "example.com/deny";
    public static readonly TimeSpan RefreshAfter = TimeSpan.FromMinutes(30);

    private readonly IKubernetes _client;
    private readonly TimeProvider _time;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private readonly ECDsa _caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly X509Certificate2 _ca;

    public TestSigner(IKubernetes client, TimeProvider time)
    {
        _client = client;
        _time = time;
        var request = new CertificateRequest("CN=test-signer-ca", _caKey, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        _ca = request.CreateSelfSigned(time.GetUtcNow().AddDays(-1), time.GetUtcNow().AddDays(30));
        _loop = Task.Run(() => RunAsync(_stop.Token));
    }

    public ConcurrentQueue<string> Handled { get; } = new();

    public string CaPem => _ca.ExportCertificatePem();

    private async Task RunAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                var requests = await _client.CertificatesV1.ListPodCertificateRequestForAllNamespacesAsync(cancellationToken: ct);
                foreach (var pcr in requests.Items.Where(r => r.Status?.Conditions is not { Count: > 0 } && string.IsNullOrEmpty(r.Status?.CertificateChain)))
                {
                    if (pcr.Spec.StubPKCS10Request is { Length: > 0 })
                    {
                        await DecideAsync(pcr, ct);
                    }
                }

                var legacy = await _client.CertificatesV1beta1.ListPodCertificateRequestForAllNamespacesAsync(cancellationToken: ct);
                foreach (var pcr in legacy.Items.Where(r => r.Status?.Conditions is not { Count: > 0 } && r.Spec.PkixPublicKey is { Length: > 0 }))
                {
                    await DecideLegacyAsync(pcr, ct);
                }

                await Task.Delay(50, ct);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (Exception e) when (e is k8s.Autorest.HttpOperationException or HttpRequestException)
            {
                // Conflicts with the kubelet or a stopping server: try again on the next pass.
            }
        }
    }

    private async Task DecideAsync(V1PodCertificateRequest pcr, CancellationToken ct)
    {
        var now = _time.GetUtcNow();
        if (pcr.Spec.SignerName == DenyingSigner)
        {
            pcr.Status = new V1PodCertificateRequestStatus
            {
                Conditions = [new V1Condition { Type = "Denied", Status = "True", Reason = "NotAllowed", Message = "this signer denies everything", LastTransitionTime = now.UtcDateTime }],
            };
        }
        else if (pcr.Spec.SignerName == IssuingSigner)
        {
            // .NET cannot check an Ed25519 self-signature; the tests check those requests with OpenSSL instead.
            var csr = CertificateRequest.LoadSigningRequest(pcr.Spec.StubPKCS10Request, HashAlgorithmName.SHA256,
                IsEd25519(pcr.Spec.StubPKCS10Request) ? CertificateRequestLoadOptions.SkipSignatureValidation : CertificateRequestLoadOptions.Default);
            var notBefore = now.AddMinutes(-1);
            var notAfter = notBefore + Lifetime(pcr.Spec.MaxExpirationSeconds);
            var leafRequest = new CertificateRequest(new X500DistinguishedName("CN=" + pcr.Spec.PodName), csr.PublicKey, HashAlgorithmName.SHA256);
            using var leaf = leafRequest.Create(_ca.SubjectName, X509SignatureGenerator.CreateForECDsa(_caKey), notBefore, notAfter, RandomNumberGenerator.GetBytes(16));
            pcr.Status = new V1PodCertificateRequestStatus
            {
                CertificateChain = leaf.ExportCertificatePem() + "\n" + _ca.ExportCertificatePem() + "\n",
                NotBefore = TruncateToSecond(notBefore),
                NotAfter = TruncateToSecond(notAfter),
                BeginRefreshAt = TruncateToSecond(now + RefreshAfter),
                Conditions = [new V1Condition { Type = "Issued", Status = "True", Reason = "Issued", Message = "issued", LastTransitionTime = now.UtcDateTime }],
            };
        }
        else
        {
            return;
        }

        await _client.CertificatesV1.ReplaceNamespacedPodCertificateRequestStatusAsync(pcr, pcr.Metadata.Name, pcr.Metadata.NamespaceProperty, cancellationToken: ct);
        Handled.Enqueue(pcr.Metadata.Name);
    }

    /// <summary>The deprecated encoding: checks proofOfPossession (ECDSA over SHA-256 of the pod UID) before issuing.</summary>
    private async Task DecideLegacyAsync(V1beta1PodCertificateRequest pcr, CancellationToken ct)
    {
        var now = _time.GetUtcNow();
        using var key = ECDsa.Create();
        key.ImportSubjectPublicKeyInfo(pcr.Spec.PkixPublicKey, out _);
        var proven = key.VerifyHash(SHA256.HashData(System.Text.Encoding.ASCII.GetBytes(pcr.Spec.PodUID)), pcr.Spec.ProofOfPossession ?? [], DSASignatureFormat.Rfc3279DerSequence);
        if (!proven)
        {
            pcr.Status = new V1beta1PodCertificateRequestStatus
            {
                Conditions = [new V1Condition { Type = "Denied", Status = "True", Reason = "BadProof", Message = "proofOfPossession does not verify", LastTransitionTime = now.UtcDateTime }],
            };
        }
        else
        {
            var notBefore = now.AddMinutes(-1);
            var notAfter = notBefore + Lifetime(pcr.Spec.MaxExpirationSeconds);
            var publicKey = PublicKey.CreateFromSubjectPublicKeyInfo(pcr.Spec.PkixPublicKey, out _);
            using var leaf = new CertificateRequest(new X500DistinguishedName("CN=" + pcr.Spec.PodName), publicKey, HashAlgorithmName.SHA256)
                .Create(_ca.SubjectName, X509SignatureGenerator.CreateForECDsa(_caKey), notBefore, notAfter, RandomNumberGenerator.GetBytes(16));
            pcr.Status = new V1beta1PodCertificateRequestStatus
            {
                CertificateChain = leaf.ExportCertificatePem() + "\n" + _ca.ExportCertificatePem() + "\n",
                NotBefore = TruncateToSecond(notBefore),
                NotAfter = TruncateToSecond(notAfter),
                BeginRefreshAt = TruncateToSecond(now + RefreshAfter),
                Conditions = [new V1Condition { Type = "Issued", Status = "True", Reason = "Issued", Message = "issued", LastTransitionTime = now.UtcDateTime }],
            };
        }

        await _client.CertificatesV1beta1.ReplaceNamespacedPodCertificateRequestStatusAsync(pcr, pcr.Metadata.Name, pcr.Metadata.NamespaceProperty, cancellationToken: ct);
        Handled.Enqueue(pcr.Metadata.Name);
    }

    /// <summary>Two hours, capped by the request's maxExpirationSeconds (the API rejects a longer leaf).</summary>
    private static TimeSpan Lifetime(int? maxExpirationSeconds) =>
        TimeSpan.FromSeconds(Math.Min(2 * 3600, maxExpirationSeconds ?? 86400));

    private static bool IsEd25519(byte[] request) =>
        request.AsSpan().IndexOf(new byte[] { 0x06, 0x03, 0x2B, 0x65, 0x70 }) >= 0;

    private static DateTime TruncateToSecond(DateTimeOffset t) => new(t.UtcTicks - (t.UtcTicks % TimeSpan.TicksPerSecond), DateTimeKind.Utc);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
        _ca.Dispose();
        _caKey.Dispose();
    }
}
