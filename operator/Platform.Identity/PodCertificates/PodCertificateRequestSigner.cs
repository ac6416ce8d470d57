using k8s.Models;
using Microsoft.Extensions.Logging;
using Platform.Identity.Authority;
using Platform.Identity.Policies;
using Platform.Identity.Signing;

namespace Platform.Identity.PodCertificates;

/// <summary>
/// Decides PodCertificateRequests (certificates.k8s.io/v1) for our signerName: the pod must exist with that
/// UID, on that node (name and UID), with that service account (name and UID); the stub PKCS#10 must parse
/// and carry a supported key; maxExpirationSeconds must allow at least an hour; unknown
/// unverifiedUserAnnotations are denied. The SPIFFE ID comes from the matching ClusterSPIFFEID. Issued
/// status: certificateChain (leaf first), notBefore, notAfter, beginRefreshAt at a jittered 45–55 % of life.
/// Requests for other signers, and requests already decided, are left alone (each request is signed once).
/// </summary>
internal sealed class PodCertificateRequestSigner
{
    public const string IssuedType = "Issued";
    public const string DeniedType = "Denied";
    public const string FailedType = "Failed";
    public const string UnsupportedKeyType = "UnsupportedKeyType";
    public const string InvalidUnverifiedUserAnnotations = "InvalidUnverifiedUserAnnotations";

    /// <summary>kube-apiserver's bounds for maxExpirationSeconds and the issued lifetime.</summary>
    public static readonly TimeSpan MinimumLifetime = TimeSpan.FromHours(1);

    private static readonly TimeSpan MaximumLifetime = TimeSpan.FromSeconds(7862400);

    private readonly IdentityOptions options;
    private readonly TrustDomainAuthority authority;
    private readonly PodIdentityResolver resolver;
    private readonly SvidSigner signer;
    private readonly TimeProvider time;
    private readonly ILogger logger;
    private readonly Func<double> jitter;
    private readonly HashSet<string> allowedAnnotations;

    public PodCertificateRequestSigner(
        IdentityOptions options, TrustDomainAuthority authority, PodIdentityResolver resolver, SvidSigner signer, TimeProvider time,
        ILogger<PodCertificateRequestSigner> logger, Func<double>? jitter = null)
    {
        this.options = options;
        this.authority = authority;
        this.resolver = resolver;
        this.signer = signer;
        this.time = time;
        this.logger = logger;
        this.jitter = jitter ?? Random.Shared.NextDouble;
        allowedAnnotations = new HashSet<string>(options.AllowedUserAnnotations, StringComparer.Ordinal);
    }

    public PodCertificateDecision Decide(PodCertificateRequestInput input)
    {
        var request = input.Request;
        var spec = request.Spec;
        if (spec is null || spec.SignerName != options.SignerName)
        {
            return new PodCertificateDecision(PodCertificateOutcome.Ignored, null, "OtherSigner", "signerName is not ours");
        }

        if (IsDecided(request.Status))
        {
            return new PodCertificateDecision(PodCertificateOutcome.Ignored, null, "AlreadyDecided", "request already has a certificate or a terminal condition");
        }

        var decision = Evaluate(input);
        if (decision.Outcome == PodCertificateOutcome.Issued)
        {
            return decision;
        }

        PodCertificateLog.Refused(logger, request.Metadata?.NamespaceProperty, request.Metadata?.Name, decision.Outcome, decision.Reason, decision.Message);
        var status = new V1PodCertificateRequestStatus
        {
            Conditions = [Condition(decision.Outcome == PodCertificateOutcome.Denied ? DeniedType : FailedType, decision.Reason, decision.Message, request)],
        };
        return decision with { Status = status };
    }

    private static bool IsDecided(V1PodCertificateRequestStatus? status) =>
        status is not null &&
        (!string.IsNullOrEmpty(status.CertificateChain) ||
         (status.Conditions?.Any(c => c.Type is IssuedType or DeniedType or FailedType) ?? false));

    private PodCertificateDecision Evaluate(PodCertificateRequestInput input)
    {
        var request = input.Request;
        var spec = request.Spec;
        var pod = input.Pod;
        if (pod is null)
        {
            return Deny("PodNotFound", $"pod {request.Metadata?.NamespaceProperty}/{spec.PodName} does not exist");
        }

        if (pod.Metadata.Name != spec.PodName || pod.Metadata.Uid != spec.PodUID)
        {
            return Deny("PodMismatch", $"pod {spec.PodName} with UID {spec.PodUID} does not exist (found UID {pod.Metadata.Uid})");
        }

        if (pod.Spec?.NodeName != spec.NodeName)
        {
            return Deny("NodeMismatch", $"pod is not scheduled to node {spec.NodeName}");
        }

        if (input.Node is null || input.Node.Metadata.Name != spec.NodeName || input.Node.Metadata.Uid != spec.NodeUID)
        {
            return Deny("NodeMismatch", $"node {spec.NodeName} with UID {spec.NodeUID} does not exist");
        }

        var podServiceAccount = string.IsNullOrEmpty(pod.Spec.ServiceAccountName) ? "default" : pod.Spec.ServiceAccountName;
        if (podServiceAccount != spec.ServiceAccountName)
        {
            return Deny("ServiceAccountMismatch", $"pod runs as service account {podServiceAccount}, not {spec.ServiceAccountName}");
        }

        if (input.ServiceAccount is { } account && (account.Metadata.Name != spec.ServiceAccountName || account.Metadata.Uid != spec.ServiceAccountUID))
        {
            return Deny("ServiceAccountMismatch", $"service account {spec.ServiceAccountName} with UID {spec.ServiceAccountUID} does not exist");
        }

        var unknown = (spec.UnverifiedUserAnnotations ?? new Dictionary<string, string>()).Keys.Where(k => !allowedAnnotations.Contains(k)).Order(StringComparer.Ordinal).ToList();
        if (unknown.Count > 0)
        {
            return Deny(InvalidUnverifiedUserAnnotations, $"unverifiedUserAnnotations keys not recognised by {options.SignerName}: {string.Join(", ", unknown)}");
        }

        var maxExpiration = TimeSpan.FromSeconds(spec.MaxExpirationSeconds ?? 86400);
        if (maxExpiration < MinimumLifetime || maxExpiration > MaximumLifetime)
        {
            return Deny("InvalidMaxExpiration", $"maxExpirationSeconds must be between 3600 and 7862400, got {spec.MaxExpirationSeconds}");
        }

        if (!CertificationRequestReader.TryRead(spec.StubPKCS10Request ?? [], out var csr, out var csrError))
        {
            return Deny("InvalidRequest", "stubPKCS10Request: " + csrError);
        }

        if (csr!.KeyType is not { } keyType)
        {
            return Deny(UnsupportedKeyType, $"{csr.KeyProblem}; this signer supports ECDSAP256 (suggested), ECDSAP384, ECDSAP521, ED25519, RSA3072 and RSA4096");
        }

        var identity = resolver.Resolve(pod, input.Namespace, input.Node, input.Policies);
        if (!identity.Succeeded)
        {
            return Fail("PolicyRenderFailed", identity.RenderFailure!);
        }

        // The API server requires notAfter - notBefore within [1h, maxExpirationSeconds]; the backdating cushion counts.
        var wanted = identity.Ttl ?? options.DefaultSvidTtl;
        var ttl = Clamp(wanted + SvidSigner.NotBeforeCushion, MinimumLifetime, maxExpiration) - SvidSigner.NotBeforeCushion;
        var now = time.GetUtcNow();
        SigningAuthority ca;
        try
        {
            ca = authority.Active;
        }
        catch (InvalidOperationException e)
        {
            return Fail("CaUnavailable", e.Message);
        }

        if (ca.NotAfter - now < MinimumLifetime - SvidSigner.NotBeforeCushion)
        {
            return Fail("CaExpiresTooSoon", "the active CA expires within an hour; retry after the next rotation");
        }

        IssuedSvid svid;
        try
        {
            svid = signer.Issue(new SvidRequest(identity.Id!, identity.DnsNames, csr.PublicKey, keyType, ttl), ca, now);
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or System.Security.Cryptography.CryptographicException)
        {
            return Fail("SigningFailed", "signing failed: " + e.GetType().Name);
        }

        var lifetime = svid.NotAfter - svid.NotBefore;
        var refreshAt = svid.NotBefore + (lifetime * (0.45 + (0.10 * jitter())));
        var status = new V1PodCertificateRequestStatus
        {
            CertificateChain = svid.ToPem(),
            NotBefore = svid.NotBefore.UtcDateTime,
            NotAfter = svid.NotAfter.UtcDateTime,
            BeginRefreshAt = new DateTime(refreshAt.UtcTicks - (refreshAt.UtcTicks % TimeSpan.TicksPerSecond), DateTimeKind.Utc),
            Conditions = [Condition(IssuedType, "Issued", $"issued {svid.Id}", input.Request)],
        };
        PodCertificateLog.Issued(logger, svid.Id, input.Request.Metadata?.NamespaceProperty, input.Request.Metadata?.Name, svid.NotAfter);
        return new PodCertificateDecision(PodCertificateOutcome.Issued, status, "Issued", svid.Id.ToString());
    }

    private static TimeSpan Clamp(TimeSpan value, TimeSpan min, TimeSpan max) => value < min ? min : value > max ? max : value;

    private static PodCertificateDecision Deny(string reason, string message) => new(PodCertificateOutcome.Denied, null, reason, message);

    private static PodCertificateDecision Fail(string reason, string message) => new(PodCertificateOutcome.Failed, null, reason, message);

    private V1Condition Condition(string type, string reason, string message, V1PodCertificateRequest request) => new()
    {
        Type = type,
        Status = "True",
        Reason = reason,
        Message = message,
        LastTransitionTime = time.GetUtcNow().UtcDateTime,
        ObservedGeneration = request.Metadata?.Generation,
    };
}
