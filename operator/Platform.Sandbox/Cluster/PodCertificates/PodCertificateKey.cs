using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Platform.Sandbox.Cluster.PodCertificates;

/// <summary>
/// The private key the kubelet generates for one podCertificate request, with the request material derived from
/// it: the v1 stub PKCS#10 request (empty subject, signed with the key — the proof of possession the API server
/// checks), the deprecated v1beta1 proofOfPossession (signature over the ASCII pod UID: RSASSA-PSS/SHA-256 or
/// ECDSA ASN.1 over its SHA-256, Ed25519 over the bytes themselves), and the PKCS#8 PEM for the bundle.
/// </summary>
internal sealed class PodCertificateKey
{
    /// <summary>The kubelet's key types (KEP-4317); ECDSAP256 when the projection names none.</summary>
    public static readonly IReadOnlyList<string> KeyTypes = ["RSA3072", "RSA4096", "ECDSAP256", "ECDSAP384", "ECDSAP521", "ED25519"];

    private PodCertificateKey(string privateKeyPem, byte[] stubRequest, byte[] publicKey, byte[] proof)
    {
        PrivateKeyPem = privateKeyPem;
        StubRequest = stubRequest;
        SubjectPublicKeyInfo = publicKey;
        ProofOfPossession = proof;
    }

    /// <summary>PKCS#8 <c>PRIVATE KEY</c> PEM block.</summary>
    public string PrivateKeyPem { get; }

    /// <summary>DER PKCS#10 request with an empty subject and no attributes, signed by the key.</summary>
    public byte[] StubRequest { get; }

    /// <summary>DER SubjectPublicKeyInfo (the deprecated <c>pkixPublicKey</c>).</summary>
    public byte[] SubjectPublicKeyInfo { get; }

    /// <summary>Signature over the pod UID (the deprecated <c>proofOfPossession</c>).</summary>
    public byte[] ProofOfPossession { get; }

    /// <summary>Generates a key of <paramref name="keyType"/>; throws <see cref="NotSupportedException"/> for types this kubelet cannot make.</summary>
    public static PodCertificateKey Generate(string? keyType, string podUid)
    {
        var uid = Encoding.ASCII.GetBytes(podUid);
        switch (string.IsNullOrEmpty(keyType) ? "ECDSAP256" : keyType)
        {
            case "RSA3072":
                return FromRsa(3072, uid);
            case "RSA4096":
                return FromRsa(4096, uid);
            case "ECDSAP256":
                return FromEcdsa(ECCurve.NamedCurves.nistP256, HashAlgorithmName.SHA256, uid);
            case "ECDSAP384":
                return FromEcdsa(ECCurve.NamedCurves.nistP384, HashAlgorithmName.SHA384, uid);
            case "ECDSAP521":
                return FromEcdsa(ECCurve.NamedCurves.nistP521, HashAlgorithmName.SHA512, uid);
            case "ED25519":
                var ed = Ed25519Key.Generate(uid);
                return new PodCertificateKey(ed.PrivateKeyPem, ed.StubRequest, ed.SubjectPublicKeyInfo, ed.Signature);
            default:
                throw new NotSupportedException($"unknown keyType \"{keyType}\": supported values are {string.Join(", ", KeyTypes)}");
        }
    }

    private static PodCertificateKey FromRsa(int bits, byte[] uid)
    {
        using var rsa = RSA.Create(bits);
        var request = new CertificateRequest(new X500DistinguishedName([0x30, 0x00]), rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var proof = rsa.SignHash(SHA256.HashData(uid), HashAlgorithmName.SHA256, RSASignaturePadding.Pss);
        return new PodCertificateKey(rsa.ExportPkcs8PrivateKeyPem(), request.CreateSigningRequest(), rsa.ExportSubjectPublicKeyInfo(), proof);
    }

    private static PodCertificateKey FromEcdsa(ECCurve curve, HashAlgorithmName hash, byte[] uid)
    {
        using var ecdsa = ECDsa.Create(curve);
        var request = new CertificateRequest(new X500DistinguishedName([0x30, 0x00]), ecdsa, hash);
        var proof = ecdsa.SignHash(SHA256.HashData(uid), DSASignatureFormat.Rfc3279DerSequence);
        return new PodCertificateKey(ecdsa.ExportPkcs8PrivateKeyPem(), request.CreateSigningRequest(), ecdsa.ExportSubjectPublicKeyInfo(), proof);
    }
}
