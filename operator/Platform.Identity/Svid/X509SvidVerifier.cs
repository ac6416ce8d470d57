using System.Formats.Asn1;
using System.Security.Cryptography.X509Certificates;
using Platform.Identity.Spiffe;

namespace Platform.Identity.Svid;

/// <summary>
/// Verifies an X509-SVID chain per X509-SVID.md §5: RFC 5280 path validation against the X.509 authorities
/// of the leaf's own trust domain, then every leaf rule of the spec — including those go-spiffe's Verify
/// skips (non-root path, digitalSignature, critical keyUsage, serverAuth+clientAuth when EKU is present).
/// </summary>
public sealed class X509SvidVerifier
{
    private const string ServerAuthOid = "1.3.6.1.5.5.7.3.1";
    private const string ClientAuthOid = "1.3.6.1.5.5.7.3.2";

    private readonly Func<TrustDomain, IReadOnlyList<X509Certificate2>?> authoritiesFor;

    /// <summary>Creates a verifier.</summary>
    /// <param name="authoritiesFor">Returns the X.509 authorities (bundle) of a trust domain, or null when it has none.</param>
    public X509SvidVerifier(Func<TrustDomain, IReadOnlyList<X509Certificate2>?> authoritiesFor) => this.authoritiesFor = authoritiesFor;

    /// <summary>Verifies <paramref name="chain"/> (leaf first, then intermediates) at time <paramref name="at"/>.</summary>
    public SvidVerificationResult Verify(IReadOnlyList<X509Certificate2> chain, DateTimeOffset at)
    {
        if (chain.Count == 0)
        {
            return SvidVerificationResult.Failure("empty certificate chain");
        }

        string? problem;
        SpiffeId? id;
        try
        {
            (id, problem) = CheckLeaf(chain[0]);
            problem ??= CheckIntermediates(chain);
        }
        catch (AsnContentException)
        {
            return SvidVerificationResult.Failure("certificate extension is not valid DER");
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return SvidVerificationResult.Failure("certificate extension is not valid DER");
        }

        if (problem is not null || id is null)
        {
            return SvidVerificationResult.Failure(problem ?? "certificate has no SPIFFE ID");
        }

        var authorities = authoritiesFor(id.TrustDomain);
        if (authorities is null || authorities.Count == 0)
        {
            return SvidVerificationResult.Failure($"no X.509 authorities for trust domain \"{id.TrustDomain}\"");
        }

        using var x509Chain = new X509Chain();
        var policy = x509Chain.ChainPolicy;
        policy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        policy.RevocationMode = X509RevocationMode.NoCheck;
        policy.DisableCertificateDownloads = true;
        policy.VerificationTime = at.UtcDateTime;
        policy.VerificationTimeIgnored = false;
        foreach (var authority in authorities)
        {
            policy.CustomTrustStore.Add(authority);
        }

        for (var i = 1; i < chain.Count; i++)
        {
            policy.ExtraStore.Add(chain[i]);
        }

        if (!x509Chain.Build(chain[0]))
        {
            var reasons = x509Chain.ChainStatus
                .Where(s => s.Status != X509ChainStatusFlags.NoError)
                .Select(s => s.Status.ToString())
                .Distinct(StringComparer.Ordinal);
            return SvidVerificationResult.Failure(
                $"certificate chain does not verify against the bundle of \"{id.TrustDomain}\": {string.Join(", ", reasons)}");
        }

        return SvidVerificationResult.Success(id);
    }

    private static (SpiffeId? Id, string? Problem) CheckLeaf(X509Certificate2 leaf)
    {
        var names = SubjectAlternativeNames.Read(leaf);
        if (names.Uris.Count == 0)
        {
            return (null, "certificate contains no URI SAN");
        }

        if (names.Uris.Count > 1)
        {
            return (null, "certificate contains more than one URI SAN");
        }

        if (!SpiffeId.TryParse(names.Uris[0], out var id, out var idError))
        {
            return (null, "URI SAN is not a valid SPIFFE ID: " + idError);
        }

        if (id.IsRoot)
        {
            return (null, "leaf certificate SPIFFE ID must have a non-root path");
        }

        if (leaf.SubjectName.RawData.Length <= 2 && !names.Critical)
        {
            return (null, "leaf certificate with an empty subject must mark the subjectAltName extension critical");
        }

        var basic = leaf.Extensions.OfType<X509BasicConstraintsExtension>().FirstOrDefault();
        if (basic is { CertificateAuthority: true })
        {
            return (null, "leaf certificate must not have CA flag set to true");
        }

        var keyUsage = leaf.Extensions.OfType<X509KeyUsageExtension>().FirstOrDefault();
        if (keyUsage is null)
        {
            return (null, "leaf certificate must have a keyUsage extension");
        }

        if (!keyUsage.Critical)
        {
            return (null, "leaf certificate keyUsage extension must be critical");
        }

        if ((keyUsage.KeyUsages & X509KeyUsageFlags.DigitalSignature) == 0)
        {
            return (null, "leaf certificate must set keyUsage digitalSignature");
        }

        if ((keyUsage.KeyUsages & X509KeyUsageFlags.KeyCertSign) != 0)
        {
            return (null, "leaf certificate must not have 'keyCertSign' as key usage");
        }

        if ((keyUsage.KeyUsages & X509KeyUsageFlags.CrlSign) != 0)
        {
            return (null, "leaf certificate must not have 'cRLSign' as key usage");
        }

        var eku = leaf.Extensions.OfType<X509EnhancedKeyUsageExtension>().FirstOrDefault();
        if (eku is not null)
        {
            var usages = eku.EnhancedKeyUsages.Cast<System.Security.Cryptography.Oid>().Select(o => o.Value).ToHashSet(StringComparer.Ordinal);
            if (!usages.Contains(ServerAuthOid) || !usages.Contains(ClientAuthOid))
            {
                return (null, "leaf certificate extendedKeyUsage must include both serverAuth and clientAuth");
            }
        }

        return (id, null);
    }

    private static string? CheckIntermediates(IReadOnlyList<X509Certificate2> chain)
    {
        for (var i = 1; i < chain.Count; i++)
        {
            var basic = chain[i].Extensions.OfType<X509BasicConstraintsExtension>().FirstOrDefault();
            var keyUsage = chain[i].Extensions.OfType<X509KeyUsageExtension>().FirstOrDefault();
            if (basic is not { CertificateAuthority: true })
            {
                return $"signing certificate {i} must have CA flag set to true";
            }

            if (keyUsage is null || (keyUsage.KeyUsages & X509KeyUsageFlags.KeyCertSign) == 0)
            {
                return $"signing certificate {i} must have 'keyCertSign' as key usage";
            }

            // X509-SVID §3.2: a signing certificate's SPIFFE ID, when present, must not have a path.
            foreach (var uri in SubjectAlternativeNames.Read(chain[i]).Uris)
            {
                if (SpiffeId.TryParse(uri, out var caId, out _) && !caId.IsRoot)
                {
                    return $"signing certificate {i} SPIFFE ID must not have a path";
                }
            }
        }

        return null;
    }
}
