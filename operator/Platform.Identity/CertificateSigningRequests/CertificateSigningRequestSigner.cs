using System.Text;
using k8s.Models;
using Platform.Identity.Authority;
using Platform.Identity.Policies;
using Platform.Identity.Signing;

namespace Platform.Identity.CertificateSigningRequests;

/// <summary>
/// Decides certificates.k8s.io/v1 CertificateSigningRequests with our signerName, for clusters without pod
/// certificates: the requester must be <c>system:serviceaccount:&lt;ns&gt;:&lt;sa&gt;</c>; the request must be a
/// well-formed PKCS#10 with a valid self-signature and a supported key, carry exactly one URI SAN equal to the
/// identity policy gives a pod of that service account, and no other SAN; usages must not ask for CA powers.
/// </summary>
internal sealed class CertificateSigningRequestSigner(
    IdentityOptions options, TrustDomainAuthority authority, PodIdentityResolver resolver, SvidSigner signer, TimeProvider time)
{
    private const string ServiceAccountPrefix = "system:serviceaccount:";

    private static readonly HashSet<string> ForbiddenUsages = new(StringComparer.Ordinal) { "cert sign", "crl sign", "any" };

    /// <param name="csr">The request.</param>
    /// <param name="serviceAccountPods">The running pods of the requesting service account (their identities are the allowed ones).</param>
    /// <param name="namespaceObject">The requester's namespace (for namespaceSelector), null when unknown.</param>
    /// <param name="nodeByName">Node lookup for templates using .NodeMeta/.NodeSpec.</param>
    /// <param name="policies">Compiled ClusterSPIFFEIDs.</param>
    public CsrDecision Decide(
        V1CertificateSigningRequest csr, IReadOnlyList<V1Pod> serviceAccountPods, V1Namespace? namespaceObject,
        Func<string?, V1Node?> nodeByName, IReadOnlyList<CompiledPolicy> policies)
    {
        var spec = csr.Spec;
        if (spec is null || spec.SignerName != options.SignerName)
        {
            return new CsrDecision(true, false, "OtherSigner", "signerName is not ours", null);
        }

        var conditions = csr.Status?.Conditions ?? [];
        if (csr.Status?.Certificate is { Length: > 0 } ||
            conditions.Any(c => c.Type is CsrDecision.ApprovedType or CsrDecision.DeniedType or CsrDecision.FailedType))
        {
            return new CsrDecision(true, false, "AlreadyDecided", "request already decided", null);
        }

        var username = spec.Username ?? string.Empty;
        var parts = username.StartsWith(ServiceAccountPrefix, StringComparison.Ordinal) ? username[ServiceAccountPrefix.Length..].Split(':') : [];
        if (parts.Length != 2 || parts[0].Length == 0 || parts[1].Length == 0)
        {
            return Deny("RequesterNotServiceAccount", $"requester \"{username}\" is not system:serviceaccount:<namespace>:<name>");
        }

        var (ns, sa) = (parts[0], parts[1]);
        var forbidden = (spec.Usages ?? []).Where(ForbiddenUsages.Contains).ToList();
        if (forbidden.Count > 0)
        {
            return Deny("ForbiddenUsages", "usages not allowed for an X509-SVID: " + string.Join(", ", forbidden));
        }

        if (!CertificationRequestReader.TryRead(spec.Request ?? [], out var request, out var error))
        {
            return Deny("InvalidRequest", error);
        }

        if (request!.KeyType is not { } keyType)
        {
            return Deny("UnsupportedKeyType", request.KeyProblem!);
        }

        if (request.UriNames.Count != 1)
        {
            return Deny("InvalidSubjectAltNames", $"request must carry exactly one URI SAN, found {request.UriNames.Count}");
        }

        if (request.DnsNames.Count > 0 || request.OtherNameCount > 0)
        {
            return Deny("InvalidSubjectAltNames", "request must carry no SAN other than the SPIFFE ID");
        }

        if (!request.VerifySignature())
        {
            return Deny("InvalidRequest", "request signature does not verify (no proof of possession)");
        }

        var pods = serviceAccountPods
            .Where(p => p.Metadata.NamespaceProperty == ns && (string.IsNullOrEmpty(p.Spec?.ServiceAccountName) ? "default" : p.Spec.ServiceAccountName) == sa)
            .ToList();
        var allowed = new List<PodIdentity>();
        if (pods.Count == 0)
        {
            allowed.Add(resolver.DefaultIdentity(new V1Pod { Metadata = new V1ObjectMeta { NamespaceProperty = ns }, Spec = new V1PodSpec { ServiceAccountName = sa } }));
        }
        else
        {
            allowed.AddRange(pods.Select(p => resolver.Resolve(p, namespaceObject, nodeByName(p.Spec?.NodeName), policies)));
        }

        var requested = request.UriNames[0];
        var match = allowed.FirstOrDefault(i => i.Succeeded && string.Equals(i.Id!.ToString(), requested, StringComparison.Ordinal));
        if (match is null)
        {
            var expected = string.Join(", ", allowed.Where(i => i.Succeeded).Select(i => i.Id!.ToString()).Distinct(StringComparer.Ordinal));
            return Deny("IdentityMismatch", $"URI SAN \"{requested}\" is not the identity of service account {ns}/{sa} (allowed: {expected})");
        }

        var ttl = match.Ttl ?? options.DefaultSvidTtl;
        if (spec.ExpirationSeconds is { } seconds && seconds > 0 && TimeSpan.FromSeconds(seconds) < ttl)
        {
            ttl = TimeSpan.FromSeconds(seconds);
        }

        try
        {
            var svid = signer.Issue(new SvidRequest(match.Id!, match.DnsNames, request.PublicKey, keyType, ttl), authority.Active, time.GetUtcNow());
            return new CsrDecision(false, true, "SpiffeIdentityVerified", $"issued {svid.Id}", Encoding.ASCII.GetBytes(svid.ToPem()));
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or System.Security.Cryptography.CryptographicException)
        {
            return new CsrDecision(false, false, "SigningFailed", "signing failed: " + e.GetType().Name, null);
        }
    }

    private static CsrDecision Deny(string reason, string message) => new(false, false, reason, message, null);
}
