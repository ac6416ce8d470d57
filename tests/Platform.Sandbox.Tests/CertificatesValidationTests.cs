using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using Platform.Sandbox.Tests.Infrastructure;

namespace Platform.Sandbox.Tests;

/// <summary>
/// certificates.k8s.io validation as pkg/apis/certificates/validation and the NodeRestriction admission plugin do
/// it: signer-linked ClusterTrustBundle names, PodCertificateRequest proof of possession, node binding,
/// maxExpirationSeconds bounds, immutable spec and a status that freezes once Issued, Denied or Failed.
/// </summary>
public sealed class CertificatesValidationTests : IAsyncLifetime
{
    private const string Bundles = "/apis/certificates.k8s.io/v1/clustertrustbundles";
    private const string Requests = "/apis/certificates.k8s.io/v1/namespaces/default/podcertificaterequests";
    private const string Node = "sandbox-node-1";
    private readonly SandboxHost host = new(o => o.Nodes = 2);
    private HttpClient nodeHttp = null!;
    private string podUid = "";

    public async Task InitializeAsync()
    {
        await host.InitializeAsync();
        nodeHttp = SandboxHost.CreateHttp(host.Server, host.Server.IssueNodeToken(Node));
        var (created, pod) = await host.PostAsync("/api/v1/namespaces/default/pods", Objects.Pod("web"));
        Assert.Equal(201, created);
        podUid = Objects.Str(pod!["metadata"]!["uid"]);
        var (bound, _) = await host.PostAsync("/api/v1/namespaces/default/pods/web/binding",
            new JsonObject
            {
                ["apiVersion"] = "v1", ["kind"] = "Binding", ["metadata"] = new JsonObject { ["name"] = "web" },
                ["target"] = new JsonObject { ["kind"] = "Node", ["name"] = Node },
            });
        Assert.Equal(201, bound);
    }

    public async Task DisposeAsync()
    {
        nodeHttp.Dispose();
        await host.DisposeAsync();
    }

    private static JsonObject Bundle(string name, string? signer)
    {
        var spec = new JsonObject { ["trustBundle"] = "" };
        if (signer is not null)
        {
            spec["signerName"] = signer;
        }

        return new JsonObject { ["apiVersion"] = "certificates.k8s.io/v1", ["kind"] = "ClusterTrustBundle", ["metadata"] = new JsonObject { ["name"] = name }, ["spec"] = spec };
    }

    private async Task<JsonObject> RequestSpecAsync(string signer = "platform.io/spiffe", long? maxExpirationSeconds = 3600)
    {
        var (_, node) = await host.GetAsync("/api/v1/nodes/" + Node);
        var (_, account) = await host.GetAsync("/api/v1/namespaces/default/serviceaccounts/default");
        var spec = new JsonObject
        {
            ["signerName"] = signer,
            ["podName"] = "web",
            ["podUID"] = podUid,
            ["serviceAccountName"] = "default",
            ["serviceAccountUID"] = Objects.Str(account!["metadata"]!["uid"]),
            ["nodeName"] = Node,
            ["nodeUID"] = Objects.Str(node!["metadata"]!["uid"]),
        };
        if (maxExpirationSeconds is not null)
        {
            spec["maxExpirationSeconds"] = maxExpirationSeconds;
        }

        return spec;
    }

    private static JsonObject Request(JsonObject spec, string version = "v1") => new()
    {
        ["apiVersion"] = "certificates.k8s.io/" + version,
        ["kind"] = "PodCertificateRequest",
        ["metadata"] = new JsonObject { ["generateName"] = "req-" },
        ["spec"] = spec,
    };

    private static byte[] StubRequest(AsymmetricAlgorithm key) => key switch
    {
        ECDsa ec => new CertificateRequest(new X500DistinguishedName(""), ec, HashAlgorithmName.SHA256).CreateSigningRequest(),
        RSA rsa => new CertificateRequest(new X500DistinguishedName(""), rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1).CreateSigningRequest(),
        _ => throw new ArgumentException("unsupported key", nameof(key)),
    };

    private async Task<(int Code, JsonObject? Body)> PostAsNodeAsync(JsonObject request, string path = Requests)
    {
        using var response = await nodeHttp.PostAsync(path, new StringContent(request.ToJsonString(), Encoding.UTF8, "application/json"));
        return ((int)response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync()) as JsonObject);
    }

    private async Task<JsonObject> CreateValidRequestAsync()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return await CreateValidRequestAsync(key);
    }

    private async Task<JsonObject> CreateValidRequestAsync(ECDsa key)
    {
        var spec = await RequestSpecAsync();
        spec["stubPKCS10Request"] = Convert.ToBase64String(StubRequest(key));
        var (code, created) = await PostAsNodeAsync(Request(spec));
        Assert.True(code == 201, created?.ToJsonString());
        return created!;
    }

    private static List<string> Fields(JsonObject? status) =>
        status?["details"]?["causes"]?.AsArray().Select(c => Objects.Str(c!["field"])).ToList() ?? [];

    [Fact]
    public async Task A_signer_linked_trust_bundle_named_after_its_signer_is_accepted()
    {
        var (code, body) = await host.PostAsync(Bundles, Bundle("platform.io:spiffe:example.org", "platform.io/spiffe"));

        Assert.True(code == 201, body?.ToJsonString());
        Assert.Equal("platform.io:spiffe:example.org", Objects.Str(body!["metadata"]!["name"]));
    }

    [Fact]
    public async Task A_trust_bundle_named_for_another_signer_is_rejected()
    {
        var (code, status) = await host.PostAsync(Bundles, Bundle("other.io:spiffe:example.org", "platform.io/spiffe"));

        Assert.Equal(422, code);
        Assert.Contains("ClusterTrustBundle for signerName platform.io/spiffe must be named with prefix platform.io:spiffe:", Objects.Str(status!["message"]), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unlinked_trust_bundle_may_not_have_a_colon_in_its_name()
    {
        var (code, status) = await host.PostAsync(Bundles, Bundle("platform.io:spiffe:example.org", null));

        Assert.Equal(422, code);
        Assert.Contains("ClusterTrustBundle without signer name must not have \":\" in its name", Objects.Str(status!["message"]), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_trust_bundle_signer_name_is_immutable()
    {
        var (_, created) = await host.PostAsync(Bundles, Bundle("platform.io:spiffe:td", "platform.io/spiffe"));
        created!["spec"]!["signerName"] = "platform.io/other";

        var (code, status) = await host.SendAsync(HttpMethod.Put, Bundles + "/platform.io:spiffe:td", created.ToJsonString());

        Assert.Equal(422, code);
        Assert.Contains("spec.signerName", Fields(status));
    }

    [Fact]
    public async Task The_node_a_pod_is_bound_to_may_request_a_certificate_with_a_valid_stub_request()
    {
        var created = await CreateValidRequestAsync();

        Assert.Equal(podUid, Objects.Str(created["spec"]!["podUID"]));
        Assert.Null(created["status"]?["conditions"]);
    }

    [Fact]
    public async Task A_stub_request_whose_signature_does_not_verify_is_rejected()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var stub = StubRequest(key);
        stub[^3] ^= 0x5A;
        var spec = await RequestSpecAsync();
        spec["stubPKCS10Request"] = Convert.ToBase64String(stub);

        var (code, status) = await PostAsNodeAsync(Request(spec));

        Assert.Equal(422, code);
        Assert.Contains("spec.stubPKCS10Request", Fields(status));
    }

    [Fact]
    public async Task A_stub_request_that_is_not_PKCS10_is_rejected()
    {
        var spec = await RequestSpecAsync();
        spec["stubPKCS10Request"] = Convert.ToBase64String(Encoding.ASCII.GetBytes("not a certificate request"));

        var (code, status) = await PostAsNodeAsync(Request(spec));

        Assert.Equal(422, code);
        Assert.Contains("must be a valid PKCS#10 certificate request", Objects.Str(status!["message"]), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RSA_keys_must_be_3072_or_4096_bits()
    {
        using var key = RSA.Create(2048);
        var spec = await RequestSpecAsync();
        spec["stubPKCS10Request"] = Convert.ToBase64String(StubRequest(key));

        var (code, status) = await PostAsNodeAsync(Request(spec));

        Assert.Equal(422, code);
        Assert.Contains("RSA keys must have modulus size 3072 or 4096", Objects.Str(status!["message"]), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_deprecated_proof_of_possession_must_be_the_keys_signature_over_the_pod_UID()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var good = await RequestSpecAsync();
        good["pkixPublicKey"] = Convert.ToBase64String(key.ExportSubjectPublicKeyInfo());
        good["proofOfPossession"] = Convert.ToBase64String(key.SignData(Encoding.ASCII.GetBytes(podUid), HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));
        var bad = (JsonObject)good.DeepClone();
        bad["proofOfPossession"] = Convert.ToBase64String(key.SignData(Encoding.ASCII.GetBytes("another-uid"), HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));
        const string legacy = "/apis/certificates.k8s.io/v1beta1/namespaces/default/podcertificaterequests";

        var (goodCode, goodBody) = await PostAsNodeAsync(Request(good, "v1beta1"), legacy);
        var (badCode, badStatus) = await PostAsNodeAsync(Request(bad, "v1beta1"), legacy);

        Assert.True(goodCode == 201, goodBody?.ToJsonString());
        Assert.Equal(422, badCode);
        Assert.Contains("spec.proofOfPossession", Fields(badStatus));
    }

    [Fact]
    public async Task A_node_may_not_request_for_another_node()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var spec = await RequestSpecAsync();
        spec["stubPKCS10Request"] = Convert.ToBase64String(StubRequest(key));
        using var other = SandboxHost.CreateHttp(host.Server, host.Server.IssueNodeToken("sandbox-node-2"));

        using var response = await other.PostAsync(Requests, new StringContent(Request(spec).ToJsonString(), Encoding.UTF8, "application/json"));
        var status = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal(403, (int)response.StatusCode);
        Assert.Contains("PodCertificateRequest.Spec.NodeName=\"sandbox-node-1\", which is not the requesting node \"sandbox-node-2\"", Objects.Str(status["message"]), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_node_may_not_request_for_a_pod_bound_elsewhere_or_with_a_stale_pod_UID()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var (_, node2) = await host.GetAsync("/api/v1/nodes/sandbox-node-2");
        var elsewhere = await RequestSpecAsync();
        elsewhere["stubPKCS10Request"] = Convert.ToBase64String(StubRequest(key));
        elsewhere["nodeName"] = "sandbox-node-2";
        elsewhere["nodeUID"] = Objects.Str(node2!["metadata"]!["uid"]);
        using var other = SandboxHost.CreateHttp(host.Server, host.Server.IssueNodeToken("sandbox-node-2"));
        var stale = await RequestSpecAsync();
        stale["stubPKCS10Request"] = Convert.ToBase64String(StubRequest(key));
        stale["podUID"] = Guid.NewGuid().ToString();

        using var elsewhereResponse = await other.PostAsync(Requests, new StringContent(Request(elsewhere).ToJsonString(), Encoding.UTF8, "application/json"));
        var (staleCode, staleStatus) = await PostAsNodeAsync(Request(stale));

        Assert.Equal(403, (int)elsewhereResponse.StatusCode);
        Assert.Contains("is not running on node \"sandbox-node-2\"", Objects.Str(JsonNode.Parse(await elsewhereResponse.Content.ReadAsStringAsync())!["message"]), StringComparison.Ordinal);
        Assert.Equal(500, staleCode);
        Assert.Contains("which differs from running pod", Objects.Str(staleStatus!["message"]), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("platform.io/spiffe", 1800, "must be in the range [3600, 7862400]")]
    [InlineData("platform.io/spiffe", 7862401, "must be in the range [3600, 7862400]")]
    [InlineData("kubernetes.io/kube-apiserver-client-pod", 86401, "must be in the range [3600, 86400]")]
    public async Task MaxExpirationSeconds_must_be_within_the_signers_bounds(string signer, long seconds, string expected)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var spec = await RequestSpecAsync(signer, seconds);
        spec["stubPKCS10Request"] = Convert.ToBase64String(StubRequest(key));

        var (code, status) = await PostAsNodeAsync(Request(spec));

        Assert.Equal(422, code);
        Assert.Contains($"spec.maxExpirationSeconds: Invalid value: {seconds}: {expected}", Objects.Str(status!["message"]), StringComparison.Ordinal);
    }

    [Fact]
    public async Task MaxExpirationSeconds_defaults_to_a_day()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var spec = await RequestSpecAsync(maxExpirationSeconds: null);
        spec["stubPKCS10Request"] = Convert.ToBase64String(StubRequest(key));

        var (code, created) = await PostAsNodeAsync(Request(spec));

        Assert.Equal(201, code);
        Assert.Equal(86400, created!["spec"]!["maxExpirationSeconds"]!.GetValue<long>());
    }

    [Fact]
    public async Task The_spec_is_immutable_and_status_changes_only_through_the_status_subresource()
    {
        var created = await CreateValidRequestAsync();
        var name = Objects.Str(created["metadata"]!["name"]);
        var withStatus = (JsonObject)created.DeepClone();
        withStatus["status"] = JsonNode.Parse("""{"conditions":[{"type":"Denied","status":"True","reason":"No","message":"no","lastTransitionTime":"2026-01-01T00:00:00Z"}]}""");

        var (mainCode, main) = await host.SendAsync(HttpMethod.Put, $"{Requests}/{name}", withStatus.ToJsonString());
        var changedSpec = (JsonObject)main!.DeepClone();
        changedSpec["spec"]!["podName"] = "other";
        var (specCode, specStatus) = await host.SendAsync(HttpMethod.Put, $"{Requests}/{name}", changedSpec.ToJsonString());

        Assert.Equal(200, mainCode);
        Assert.Null(main["status"]?["conditions"]);
        Assert.Equal(422, specCode);
        Assert.Contains("spec", Fields(specStatus));
    }

    [Fact]
    public async Task The_status_is_frozen_once_the_request_is_denied()
    {
        var created = await CreateValidRequestAsync();
        var name = Objects.Str(created["metadata"]!["name"]);
        created["status"] = JsonNode.Parse("""{"conditions":[{"type":"Denied","status":"True","reason":"No","message":"no","lastTransitionTime":"2026-01-01T00:00:00Z"}]}""");
        var (deniedCode, denied) = await host.SendAsync(HttpMethod.Put, $"{Requests}/{name}/status", created.ToJsonString());
        Assert.True(deniedCode == 200, denied?.ToJsonString());
        denied!["status"]!["conditions"]![0]!["message"] = "changed my mind";

        var (code, status) = await host.SendAsync(HttpMethod.Put, $"{Requests}/{name}/status", denied.ToJsonString());

        Assert.Equal(422, code);
        Assert.Contains("status: Invalid value: immutable after PodCertificateRequest is issued, denied, or failed", Objects.Str(status!["message"]), StringComparison.Ordinal);
    }

    [Fact]
    public async Task At_most_one_terminal_condition_and_it_must_be_true()
    {
        var created = await CreateValidRequestAsync();
        var name = Objects.Str(created["metadata"]!["name"]);
        created["status"] = JsonNode.Parse("""{"conditions":[{"type":"Denied","status":"True","reason":"No","message":"no","lastTransitionTime":"2026-01-01T00:00:00Z"},{"type":"Failed","status":"False","reason":"No","message":"no","lastTransitionTime":"2026-01-01T00:00:00Z"}]}""");

        var (code, status) = await host.SendAsync(HttpMethod.Put, $"{Requests}/{name}/status", created.ToJsonString());

        Assert.Equal(422, code);
        Assert.Contains("status.conditions[1].type", Fields(status));
        Assert.Contains("status.conditions[1].status", Fields(status));
    }

    [Fact]
    public async Task A_signer_linked_trust_bundle_must_carry_the_signer_prefix_even_with_a_plain_name()
    {
        var (code, status) = await host.PostAsync(Bundles, Bundle("plain-name", "platform.io/spiffe"));

        Assert.Equal(422, code);
        Assert.Contains("metadata.name", Fields(status));
        Assert.Contains("metadata.name: Invalid value: \"plain-name\": ClusterTrustBundle for signerName platform.io/spiffe must be named with prefix platform.io:spiffe:",
            Objects.Str(status!["message"]), StringComparison.Ordinal);
    }

    private static DateTimeOffset Now => DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds());

    private static string Time(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A leaf for <paramref name="subject"/> from a throwaway CA, optionally with a raw DNS SAN, then the CA.</summary>
    private static string Chain(ECDsa subject, DateTimeOffset notBefore, DateTimeOffset notAfter, string? dnsName = null, string intermediateLabel = "CERTIFICATE")
    {
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=status-test-ca", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        using var ca = caRequest.CreateSelfSigned(notBefore.AddDays(-1), notAfter.AddDays(1));
        var leafRequest = new CertificateRequest("CN=web", subject, HashAlgorithmName.SHA256);
        if (dnsName is not null)
        {
            // Written by hand: .NET's SAN builder refuses the malformed names this checks.
            var writer = new System.Formats.Asn1.AsnWriter(System.Formats.Asn1.AsnEncodingRules.DER);
            using (writer.PushSequence())
            {
                writer.WriteCharacterString(System.Formats.Asn1.UniversalTagNumber.IA5String, dnsName, new System.Formats.Asn1.Asn1Tag(System.Formats.Asn1.TagClass.ContextSpecific, 2));
            }

            leafRequest.CertificateExtensions.Add(new X509Extension("2.5.29.17", writer.Encode(), false));
        }

        using var leaf = leafRequest.Create(ca.SubjectName, X509SignatureGenerator.CreateForECDsa(caKey), notBefore, notAfter, RandomNumberGenerator.GetBytes(16));
        return leaf.ExportCertificatePem() + "\n" + PemEncoding.WriteString(intermediateLabel, ca.RawData) + "\n";
    }

    private static JsonObject IssuedStatus(string chain, DateTimeOffset notBefore, DateTimeOffset notAfter, DateTimeOffset beginRefreshAt) => new()
    {
        ["certificateChain"] = chain,
        ["notBefore"] = Time(notBefore),
        ["notAfter"] = Time(notAfter),
        ["beginRefreshAt"] = Time(beginRefreshAt),
        ["conditions"] = new JsonArray(new JsonObject
        {
            ["type"] = "Issued", ["status"] = "True", ["reason"] = "Issued", ["message"] = "issued", ["lastTransitionTime"] = Time(Now),
        }),
    };

    private async Task<(int Code, JsonObject? Body)> PutStatusAsync(JsonObject request, JsonObject status)
    {
        request["status"] = status;
        return await host.SendAsync(HttpMethod.Put, $"{Requests}/{Objects.Str(request["metadata"]!["name"])}/status", request.ToJsonString());
    }

    [Fact]
    public async Task An_issued_certificate_within_maxExpirationSeconds_is_accepted()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = await CreateValidRequestAsync(key);
        var notBefore = Now.AddMinutes(-1);

        var (code, body) = await PutStatusAsync(request, IssuedStatus(Chain(key, notBefore, notBefore.AddHours(1)), notBefore, notBefore.AddHours(1), notBefore.AddMinutes(30)));

        Assert.True(code == 200, body?.ToJsonString());
    }

    [Fact]
    public async Task An_issued_certificate_that_outlives_maxExpirationSeconds_is_rejected()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = await CreateValidRequestAsync(key);
        var notBefore = Now.AddMinutes(-1);

        var (code, status) = await PutStatusAsync(request, IssuedStatus(Chain(key, notBefore, notBefore.AddHours(2)), notBefore, notBefore.AddHours(2), notBefore.AddMinutes(30)));

        Assert.Equal(422, code);
        Assert.Contains("status.certificateChain: Invalid value: 2h0m0s: leaf certificate lifetime must be <= spec.maxExpirationSeconds (3600)",
            Objects.Str(status!["message"]), StringComparison.Ordinal);
    }

    public static TheoryData<string, string, string> InconsistentIssuance => new()
    {
        { "notBefore-not-leaf", "status.notBefore", "must be set to the NotBefore time encoded in the leaf certificate" },
        { "notAfter-not-leaf", "status.notAfter", "must be set to the NotAfter time encoded in the leaf certificate" },
        { "stale", "status.notBefore", "must be set to within 5 minutes of kube-apiserver's current time" },
        { "short", "status.certificateChain", "leaf certificate lifetime must be >= 1 hour" },
        { "refresh-early", "status.beginRefreshAt", "must be at least 10 minutes after status.notBefore" },
        { "refresh-late", "status.beginRefreshAt", "must be at least 10 minutes before status.notAfter" },
        { "other-key", "status.certificateChain", "leaf certificate was not issued to the requested public key" },
        { "bad-intermediate", "status.certificateChain", "issued certificate chain must consist entirely of CERTFICATE PEM blocks" },
        { "bad-dns", "status.certificateChain", "leaf certificate's DNSName should not contain '..'" },
    };

    [Theory]
    [MemberData(nameof(InconsistentIssuance))]
    public async Task An_issued_status_inconsistent_with_its_leaf_or_the_clock_is_rejected(string variant, string field, string detail)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var otherKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = await CreateValidRequestAsync(key);
        var notBefore = variant == "stale" ? Now.AddDays(-1) : Now.AddMinutes(-1);
        var notAfter = notBefore.AddMinutes(variant == "short" ? 50 : 60);
        var chain = variant switch
        {
            "other-key" => Chain(otherKey, notBefore, notAfter),
            "bad-intermediate" => Chain(key, notBefore, notAfter, intermediateLabel: "PRIVATE KEY"),
            "bad-dns" => Chain(key, notBefore, notAfter, dnsName: "web..example.com"),
            _ => Chain(key, notBefore, notAfter),
        };
        var status = IssuedStatus(chain,
            variant == "notBefore-not-leaf" ? notBefore.AddSeconds(-30) : notBefore,
            variant == "notAfter-not-leaf" ? notAfter.AddSeconds(-30) : notAfter,
            variant switch { "refresh-early" => notBefore.AddMinutes(5), "refresh-late" => notAfter.AddMinutes(-5), _ => notBefore.AddMinutes(20) });

        var (code, response) = await PutStatusAsync(request, status);

        Assert.Equal(422, code);
        Assert.Contains(field, Fields(response));
        Assert.Contains(detail, Objects.Str(response!["message"]), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Only_terminal_conditions_with_a_reason_and_transition_time_are_allowed()
    {
        var request = await CreateValidRequestAsync();
        var status = JsonNode.Parse("""{"conditions":[{"type":"Ready","status":"True","reason":"Fine","lastTransitionTime":"2026-01-01T00:00:00Z"},{"type":"Denied","status":"True","reason":"not-a-reason"}]}""")!.AsObject();

        var (code, response) = await PutStatusAsync(request, status);

        Assert.Equal(422, code);
        Assert.Contains("status.conditions[0].type", Fields(response));
        Assert.Contains("status.conditions[1].reason", Fields(response));
        Assert.Contains("status.conditions[1].lastTransitionTime", Fields(response));
    }
}
