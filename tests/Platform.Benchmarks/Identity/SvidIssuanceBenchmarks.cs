using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;
using Platform.Identity;
using Platform.Identity.Authority;
using Platform.Identity.PodCertificates;
using Platform.Identity.Policies;
using Platform.Identity.Signing;

namespace Platform.Benchmarks.Identity;

/// <summary>
/// SVIDs issued per second on one core through the whole PodCertificateRequest decision (parse the stub
/// PKCS#10, check pod/node/SA, resolve the policy, build, sign, PEM-encode) against raw .NET P-256 signatures.
/// Run: dotnet run -c Release --project tests/Platform.Benchmarks -- --filter '*SvidIssuance*'
/// </summary>
// In-process: the out-of-process boilerplate build of this large solution times out on the 2-core CI box.
[InProcess]
[WarmupCount(2)]
[IterationCount(5)]
[MemoryDiagnoser]
public class SvidIssuanceBenchmarks
{
    private readonly byte[] digest = SHA256.HashData("tbs"u8);
    private ECDsa rawKey = null!;
    private TrustDomainAuthority authority = null!;
    private PodCertificateRequestSigner signer = null!;
    private PodCertificateRequestInput input = null!;

    [GlobalSetup]
    public void Setup()
    {
        rawKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var options = new IdentityOptions { TrustDomain = "example.org" };
        authority = new TrustDomainAuthority(options, new InMemoryCaSecretStore(), TimeProvider.System, NullLogger<TrustDomainAuthority>.Instance);
        authority.InitializeAsync(CancellationToken.None).GetAwaiter().GetResult();
        signer = new PodCertificateRequestSigner(options, authority, new PodIdentityResolver(options), new SvidSigner(), TimeProvider.System,
            NullLogger<PodCertificateRequestSigner>.Instance);
        using var workloadKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var stub = new System.Security.Cryptography.X509Certificates.CertificateRequest(string.Empty, workloadKey, HashAlgorithmName.SHA256).CreateSigningRequest();
        var pod = new V1Pod
        {
            Metadata = new V1ObjectMeta { Name = "web-1", NamespaceProperty = "default", Uid = "pod-uid" },
            Spec = new V1PodSpec { ServiceAccountName = "web", NodeName = "node-1" },
        };
        var node = new V1Node { Metadata = new V1ObjectMeta { Name = "node-1", Uid = "node-uid" } };
        var request = new V1PodCertificateRequest
        {
            Metadata = new V1ObjectMeta { Name = "req", NamespaceProperty = "default" },
            Spec = new V1PodCertificateRequestSpec
            {
                SignerName = options.SignerName, PodName = "web-1", PodUID = "pod-uid", NodeName = "node-1", NodeUID = "node-uid",
                ServiceAccountName = "web", ServiceAccountUID = "sa-uid", MaxExpirationSeconds = 86400, StubPKCS10Request = stub,
            },
        };
        input = new PodCertificateRequestInput(request, pod, node, null, null, []);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        rawKey.Dispose();
        authority.Dispose();
    }

    [Benchmark(Baseline = true, Description = "raw P-256 signature (.NET ECDsa)")]
    public byte[] RawP256Signature() => rawKey.SignHash(digest, DSASignatureFormat.Rfc3279DerSequence);

    [Benchmark(Description = "stage: parse stub PKCS#10")]
    public object? ParseOnly() => CertificationRequestReader.TryRead(input.Request.Spec.StubPKCS10Request, out var r, out _) ? r : null;

    [Benchmark(Description = "stage: build+sign leaf")]
    public byte[] SignOnly()
    {
        CertificationRequestReader.TryRead(input.Request.Spec.StubPKCS10Request, out var r, out _);
        return new SvidSigner().Issue(new SvidRequest(Platform.Identity.Spiffe.SpiffeId.Parse("spiffe://example.org/ns/default/sa/web"), [], r!.PublicKey, r.KeyType!.Value, TimeSpan.FromHours(1)), authority.Active, DateTimeOffset.UtcNow).LeafDer;
    }

    [Benchmark(Description = "PodCertificateRequest -> issued SVID status")]
    public string? IssueSvid() => signer.Decide(input).Status?.CertificateChain;
}
