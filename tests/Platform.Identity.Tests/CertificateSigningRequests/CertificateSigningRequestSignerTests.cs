using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using k8s.Models;
using Platform.Identity.CertificateSigningRequests;
using Platform.Identity.Policies;
using Platform.Identity.Signing;
using Platform.Identity.Svid;
using Platform.Identity.Tests.Support;

namespace Platform.Identity.Tests.CertificateSigningRequests;

public sealed class CertificateSigningRequestSignerTests
{
    private readonly IdentityOptions options = new() { TrustDomain = "example.org" };
    private readonly Platform.Identity.Authority.TrustDomainAuthority authority;
    private readonly CertificateSigningRequestSigner signer;

    public CertificateSigningRequestSignerTests()
    {
        (authority, var time, _) = TestAuthority.Create();
        signer = new CertificateSigningRequestSigner(options, authority, new PodIdentityResolver(options), new SvidSigner(), time);
    }

    private static V1CertificateSigningRequest Csr(byte[] der, string user = "system:serviceaccount:default:web", string signerName = "platform.io/spiffe") => new()
    {
        Metadata = new V1ObjectMeta { Name = "csr-1" },
        Spec = new V1CertificateSigningRequestSpec
        {
            SignerName = signerName,
            Username = user,
            Request = System.Text.Encoding.ASCII.GetBytes(WorkloadKeys.Pem(der)),
            Usages = ["digital signature", "server auth", "client auth"],
        },
    };

    private CsrDecision Decide(V1CertificateSigningRequest csr) => signer.Decide(csr, [PodFixtures.Pod()], PodFixtures.Namespace(), _ => null, []);

    [Fact]
    public void Service_account_asking_for_its_own_identity_is_approved_and_signed()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var decision = Decide(Csr(WorkloadKeys.Request(key, "", ["spiffe://example.org/ns/default/sa/web"], [])));
        Assert.True(decision.Approved, decision.Message);
        Assert.Equal("Approved", decision.ConditionType);
        var chain = new X509Certificate2Collection();
        chain.ImportFromPem(System.Text.Encoding.ASCII.GetString(decision.CertificatePem!));
        Assert.True(new X509SvidVerifier(_ => authority.Bundle.X509Authorities).Verify(chain.ToList(), TestAuthority.Start).IsValid);
    }

    [Theory]
    [InlineData("system:serviceaccount:default:web", "spiffe://example.org/ns/default/sa/admin", "IdentityMismatch")]
    [InlineData("system:serviceaccount:default:web", "spiffe://other.org/ns/default/sa/web", "IdentityMismatch")]
    [InlineData("system:node:node-1", "spiffe://example.org/ns/default/sa/web", "RequesterNotServiceAccount")]
    [InlineData("alice", "spiffe://example.org/ns/default/sa/web", "RequesterNotServiceAccount")]
    public void Wrong_requester_or_identity_is_denied(string user, string uri, string reason)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var decision = Decide(Csr(WorkloadKeys.Request(key, "", [uri], []), user));
        Assert.True(decision.Denied);
        Assert.Equal(("Denied", reason), (decision.ConditionType, decision.Reason));
    }

    [Fact]
    public void Request_without_proof_of_possession_is_denied()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var der = WorkloadKeys.Request(key, "", ["spiffe://example.org/ns/default/sa/web"], []);
        der[^5] ^= 0x01;
        var decision = Decide(Csr(der));
        Assert.True(decision.Denied);
        Assert.Contains("proof of possession", decision.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Extra_or_missing_sans_are_denied()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        Assert.Equal("InvalidSubjectAltNames", Decide(Csr(WorkloadKeys.Request(key, "", [], []))).Reason);
        Assert.Equal("InvalidSubjectAltNames", Decide(Csr(WorkloadKeys.Request(key, "", ["spiffe://example.org/ns/default/sa/web"], ["web.default.svc"]))).Reason);
        Assert.Equal("InvalidSubjectAltNames", Decide(Csr(WorkloadKeys.Request(key, "", ["spiffe://example.org/ns/default/sa/web", "spiffe://example.org/x"], []))).Reason);
    }

    [Fact]
    public void Weak_keys_garbage_and_ca_usages_are_denied_and_other_signers_ignored()
    {
        using var rsa = RSA.Create(1024);
        Assert.Equal("UnsupportedKeyType", Decide(Csr(WorkloadKeys.Request(rsa, "", ["spiffe://example.org/ns/default/sa/web"], []))).Reason);
        var garbage = Csr([]);
        garbage.Spec.Request = "-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----\n"u8.ToArray();
        Assert.Equal("InvalidRequest", Decide(garbage).Reason);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var ca = Csr(WorkloadKeys.Request(key, "", ["spiffe://example.org/ns/default/sa/web"], []));
        ca.Spec.Usages = ["cert sign"];
        Assert.Equal("ForbiddenUsages", Decide(ca).Reason);
        Assert.True(Decide(Csr(WorkloadKeys.Request(key, "", ["spiffe://example.org/ns/default/sa/web"], []), signerName: "kubernetes.io/kube-apiserver-client")).Ignored);
    }
}
