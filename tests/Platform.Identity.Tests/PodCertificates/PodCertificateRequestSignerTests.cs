using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using k8s.Models;
using Microsoft.Extensions.Time.Testing;
using Platform.Identity.Authority;
using Platform.Identity.PodCertificates;
using Platform.Identity.Policies;
using Platform.Identity.Signing;
using Platform.Identity.Svid;
using Platform.Identity.Tests.Support;

namespace Platform.Identity.Tests.PodCertificates;

public sealed class PodCertificateRequestSignerTests
{
    private readonly IdentityOptions options = new() { TrustDomain = "example.org", AllowedUserAnnotations = ["platform.io/hint"] };
    private readonly TrustDomainAuthority authority;
    private readonly FakeTimeProvider time;
    private readonly CapturingLogger<PodCertificateRequestSigner> log = new();
    private readonly PodCertificateRequestSigner signer;

    public PodCertificateRequestSignerTests()
    {
        (authority, time, _) = TestAuthority.Create();
        signer = new PodCertificateRequestSigner(options, authority, new PodIdentityResolver(options), new SvidSigner(), time, log, () => 0.5);
    }

    private static V1PodCertificateRequest Request(byte[] stub, string signer = "platform.io/spiffe", int? maxSeconds = 86400) => new()
    {
        Metadata = new V1ObjectMeta { Name = "req-1", NamespaceProperty = "default", Generation = 1 },
        Spec = new V1PodCertificateRequestSpec
        {
            SignerName = signer,
            PodName = "web-1",
            PodUID = "pod-uid-web-1",
            NodeName = "node-1",
            NodeUID = "node-uid-node-1",
            ServiceAccountName = "web",
            ServiceAccountUID = "sa-uid",
            MaxExpirationSeconds = maxSeconds,
            StubPKCS10Request = stub,
        },
    };

    private static V1ServiceAccount Account() => new() { Metadata = new V1ObjectMeta { Name = "web", NamespaceProperty = "default", Uid = "sa-uid" } };

    private PodCertificateDecision Decide(V1PodCertificateRequest request, V1Pod? pod = null, V1Node? node = null) =>
        signer.Decide(new PodCertificateRequestInput(request, pod ?? PodFixtures.Pod(), node ?? PodFixtures.Node(), Account(), PodFixtures.Namespace(), []));

    private static byte[] P256Stub()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return WorkloadKeys.StubRequest(key);
    }

    [Fact]
    public void Valid_request_is_issued_with_a_chain_that_verifies()
    {
        var decision = Decide(Request(P256Stub()));
        Assert.Equal(PodCertificateOutcome.Issued, decision.Outcome);
        var status = decision.Status!;
        Assert.Equal("Issued", Assert.Single(status.Conditions).Type);
        var chain = new X509Certificate2Collection();
        chain.ImportFromPem(status.CertificateChain);
        var verifier = new X509SvidVerifier(_ => authority.Bundle.X509Authorities);
        var result = verifier.Verify(chain.ToList(), time.GetUtcNow());
        Assert.True(result.IsValid, result.Error);
        Assert.Equal("spiffe://example.org/ns/default/sa/web", result.Id.ToString());
        Assert.Equal(chain[0].NotAfter.ToUniversalTime(), status.NotAfter);
        Assert.Equal(chain[0].NotBefore.ToUniversalTime(), status.NotBefore);
        var life = status.NotAfter!.Value - status.NotBefore!.Value;
        Assert.True(life >= TimeSpan.FromHours(1));
        Assert.Equal(status.NotBefore.Value + (life / 2), status.BeginRefreshAt!.Value, TimeSpan.FromSeconds(1));

        using var dir = new TempDirectory();
        var (code, output) = OpenSsl.VerifyStrict(dir, authority.Bundle.ToPem(), status.CertificateChain, time.GetUtcNow());
        Assert.True(code == 0, output);
    }

    [Fact]
    public void Begin_refresh_is_jittered_between_45_and_55_percent()
    {
        foreach (var draw in new[] { 0.0, 1.0 })
        {
            var jittered = new PodCertificateRequestSigner(options, authority, new PodIdentityResolver(options), new SvidSigner(), time, log, () => draw);
            var status = jittered.Decide(new PodCertificateRequestInput(Request(P256Stub()), PodFixtures.Pod(), PodFixtures.Node(), Account(), null, [])).Status!;
            var fraction = (status.BeginRefreshAt!.Value - status.NotBefore!.Value) / (status.NotAfter!.Value - status.NotBefore.Value);
            Assert.InRange(fraction, draw == 0 ? 0.449 : 0.549, draw == 0 ? 0.451 : 0.551);
        }
    }

    [Fact]
    public void Lifetime_respects_max_expiration_and_the_one_hour_floor()
    {
        options.DefaultSvidTtl = TimeSpan.FromHours(10);
        var status = Decide(Request(P256Stub(), maxSeconds: 7200)).Status!;
        Assert.Equal(TimeSpan.FromSeconds(7200), status.NotAfter!.Value - status.NotBefore!.Value);

        options.DefaultSvidTtl = TimeSpan.FromMinutes(5);
        status = Decide(Request(P256Stub())).Status!;
        Assert.Equal(TimeSpan.FromHours(1), status.NotAfter!.Value - status.NotBefore!.Value);
    }

    public static TheoryData<string, string> Mismatches => new()
    {
        { "uid", "PodMismatch" },
        { "node", "NodeMismatch" },
        { "nodeuid", "NodeMismatch" },
        { "sa", "ServiceAccountMismatch" },
        { "missing", "PodNotFound" },
    };

    [Theory]
    [MemberData(nameof(Mismatches))]
    public void Wrong_pod_uid_node_or_service_account_is_denied(string what, string reason)
    {
        var request = Request(P256Stub());
        var pod = PodFixtures.Pod();
        var node = PodFixtures.Node();
        switch (what)
        {
            case "uid": request.Spec.PodUID = "someone-else"; break;
            case "node": request.Spec.NodeName = "node-2"; break;
            case "nodeuid": request.Spec.NodeUID = "other"; break;
            case "sa": request.Spec.ServiceAccountName = "admin"; break;
        }

        var decision = signer.Decide(new PodCertificateRequestInput(request, what == "missing" ? null : pod, node, null, null, []));
        Assert.Equal(PodCertificateOutcome.Denied, decision.Outcome);
        Assert.Equal(reason, decision.Reason);
        var condition = Assert.Single(decision.Status!.Conditions);
        Assert.Equal(("Denied", "True", reason), (condition.Type, condition.Status, condition.Reason));
        Assert.Null(decision.Status.CertificateChain);
    }

    public static TheoryData<string, string> BadKeys()
    {
        using var rsa1024 = RSA.Create(1024);
        using var rsa2048 = RSA.Create(2048);
        using var k256 = ECDsa.Create(ECCurve.CreateFromFriendlyName("secp256k1"));
        return new TheoryData<string, string>
        {
            { Convert.ToBase64String(WorkloadKeys.StubRequest(rsa1024)), "RSA-1024" },
            { Convert.ToBase64String(WorkloadKeys.StubRequest(rsa2048)), "RSA-2048" },
            { Convert.ToBase64String(WorkloadKeys.StubRequest(k256)), "not supported" },
        };
    }

    [Theory]
    [MemberData(nameof(BadKeys))]
    public void Unsupported_keys_are_denied_with_unsupported_key_type(string stub, string expected)
    {
        var decision = Decide(Request(Convert.FromBase64String(stub)));
        Assert.Equal(PodCertificateOutcome.Denied, decision.Outcome);
        Assert.Equal("UnsupportedKeyType", decision.Reason);
        Assert.Contains(expected, decision.Message, StringComparison.Ordinal);
        Assert.Contains("ECDSAP256", decision.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new byte[0])]
    [InlineData(new byte[] { 0x30, 0x03, 0x02, 0x01, 0x00 })]
    [InlineData(new byte[] { 0x01, 0x02, 0x03 })]
    [InlineData(new byte[] { 0x30, 0x82, 0xff, 0xff, 0x00 })]
    public void Garbage_pkcs10_is_denied_not_a_crash(byte[] stub)
    {
        var decision = Decide(Request(stub));
        Assert.Equal(PodCertificateOutcome.Denied, decision.Outcome);
        Assert.Equal("InvalidRequest", decision.Reason);
    }

    [Fact]
    public void Truncated_and_bit_flipped_requests_never_crash()
    {
        var stub = P256Stub();
        for (var i = 0; i < stub.Length; i += 3)
        {
            var flipped = (byte[])stub.Clone();
            flipped[i] ^= 0x5a;
            var decision = Decide(Request(flipped));
            Assert.NotEqual(PodCertificateOutcome.Ignored, decision.Outcome);
            Assert.NotNull(Decide(Request(stub[..i])).Status);
        }
    }

    [Fact]
    public void Unknown_user_annotations_are_denied_and_known_ones_accepted()
    {
        var request = Request(P256Stub());
        request.Spec.UnverifiedUserAnnotations = new Dictionary<string, string> { ["platform.io/hint"] = "x", ["evil.io/x"] = "y" };
        var decision = Decide(request);
        Assert.Equal(("Denied", "InvalidUnverifiedUserAnnotations"), (decision.Status!.Conditions[0].Type, decision.Reason));
        Assert.Contains("evil.io/x", decision.Message, StringComparison.Ordinal);

        request = Request(P256Stub());
        request.Spec.UnverifiedUserAnnotations = new Dictionary<string, string> { ["platform.io/hint"] = "x" };
        Assert.Equal(PodCertificateOutcome.Issued, Decide(request).Outcome);
    }

    [Theory]
    [InlineData(600)]
    [InlineData(8_000_000)]
    public void Max_expiration_outside_api_bounds_is_denied(int seconds) =>
        Assert.Equal("InvalidMaxExpiration", Decide(Request(P256Stub(), maxSeconds: seconds)).Reason);

    [Fact]
    public void Other_signers_and_decided_requests_are_left_alone()
    {
        Assert.Equal(PodCertificateOutcome.Ignored, Decide(Request(P256Stub(), signer: "example.com/other")).Outcome);
        var decided = Request(P256Stub());
        decided.Status = Decide(decided).Status;
        Assert.Equal(PodCertificateOutcome.Ignored, Decide(decided).Outcome);
    }

    [Fact]
    public void Policy_render_failure_is_failed_with_reason()
    {
        var policy = ClusterSpiffeIdCompiler.TryCompile(PodFixtures.Policy("p", "spiffe://other.org/x", DateTime.UtcNow), out _)!;
        var decision = signer.Decide(new PodCertificateRequestInput(Request(P256Stub()), PodFixtures.Pod(), PodFixtures.Node(), null, null, [policy]));
        Assert.Equal((PodCertificateOutcome.Failed, "PolicyRenderFailed"), (decision.Outcome, decision.Reason));
        Assert.Equal("Failed", decision.Status!.Conditions[0].Type);
    }

    [Fact]
    public void Private_keys_never_appear_in_logs_status_or_exception_messages()
    {
        // The secret part of an EC key is the scalar D; PKCS#8 also carries the public point, which certificates legitimately show.
        using var caEc = ECDsa.Create();
        caEc.ImportPkcs8PrivateKey(authority.Active.Key.ExportPkcs8(), out _);
        var caScalar = caEc.ExportParameters(true).D!;
        var messages = new List<string>();
        using var workloadKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var workloadScalar = workloadKey.ExportParameters(true).D!;
        foreach (var request in new[] { Request(WorkloadKeys.StubRequest(workloadKey)), Request([0x30, 0x01]), Request(P256Stub(), maxSeconds: 1) })
        {
            var decision = Decide(request);
            messages.Add(decision.Message);
            messages.Add(System.Text.Json.JsonSerializer.Serialize(decision.Status));
        }

        // Bad key material handed to the loaders must not be echoed back.
        var keyPem = workloadKey.ExportPkcs8PrivateKeyPem();
        messages.Add(Assert.Throws<InvalidOperationException>(() => UpstreamAuthority.FromSecretData(new Dictionary<string, byte[]>
        {
            ["tls.crt"] = System.Text.Encoding.ASCII.GetBytes(keyPem),
            ["tls.key"] = System.Text.Encoding.ASCII.GetBytes(keyPem),
        })).Message);
        messages.Add(Assert.Throws<CryptographicException>(() => SigningKey.FromPem(keyPem.Replace("A", "!", StringComparison.Ordinal))).Message);
        messages.Add(authority.Active.Key.ToString());
        messages.AddRange(log.Lines);
        Assert.NotEmpty(log.Lines);

        foreach (var text in messages)
        {
            Assert.DoesNotContain("PRIVATE KEY", text, StringComparison.Ordinal);
            foreach (var scalar in new[] { caScalar, workloadScalar })
            {
                // Base64 at each byte alignment, and hex: any 16-character run would betray the scalar.
                var renderings = Enumerable.Range(0, 3).Select(skip => Convert.ToBase64String(scalar[skip..])[..16])
                    .Append(Convert.ToHexString(scalar)[..16]).Append(Convert.ToHexString(scalar)[..16].ToLowerInvariant());
                foreach (var rendering in renderings)
                {
                    Assert.DoesNotContain(rendering, text, StringComparison.Ordinal);
                }
            }
        }
    }
}
