using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Platform.Identity.Signing;

namespace Platform.Identity.Authority;

/// <summary>
/// An upstream CA given as a Secret (<c>tls.crt</c>: the upstream CA certificate, optionally followed by its
/// intermediates; <c>tls.key</c>: its private key; <c>ca.crt</c>: the root(s) to publish, defaulting to the
/// last certificate of <c>tls.crt</c>). Our trust-domain CA is then an intermediate it signs.
/// </summary>
internal sealed class UpstreamAuthority : IDisposable
{
    public const string CertificateKey = "tls.crt";
    public const string PrivateKeyKey = "tls.key";
    public const string RootsKey = "ca.crt";

    private UpstreamAuthority(SigningAuthority signer, IReadOnlyList<X509Certificate2> intermediates, IReadOnlyList<X509Certificate2> roots)
    {
        Signer = signer;
        Intermediates = intermediates;
        Roots = roots;
    }

    /// <summary>The upstream CA certificate and key.</summary>
    public SigningAuthority Signer { get; }

    /// <summary>Certificates between the upstream CA and the roots (sent in leaf chains), excluding roots.</summary>
    public IReadOnlyList<X509Certificate2> Intermediates { get; }

    /// <summary>Roots published in the trust bundle.</summary>
    public IReadOnlyList<X509Certificate2> Roots { get; }

    /// <summary>Reads the Secret data.</summary>
    /// <exception cref="InvalidOperationException">The Secret is incomplete or malformed; the message names the key at fault and never carries key material.</exception>
    public static UpstreamAuthority FromSecretData(IReadOnlyDictionary<string, byte[]> data)
    {
        if (!data.TryGetValue(CertificateKey, out var certificatePem) || !data.TryGetValue(PrivateKeyKey, out var keyPem))
        {
            throw new InvalidOperationException($"upstream CA Secret must contain \"{CertificateKey}\" and \"{PrivateKeyKey}\"");
        }

        var certificates = ReadCertificates(certificatePem, CertificateKey);
        var roots = data.TryGetValue(RootsKey, out var rootsPem) ? ReadCertificates(rootsPem, RootsKey) : [certificates[^1]];
        SigningKey key;
        try
        {
            key = SigningKey.FromPem(Encoding.ASCII.GetString(keyPem));
        }
        catch (CryptographicException e)
        {
            throw new InvalidOperationException($"upstream CA Secret key \"{PrivateKeyKey}\": {e.Message}");
        }

        var upstream = certificates[0];
        var basic = upstream.Extensions.OfType<X509BasicConstraintsExtension>().FirstOrDefault();
        var usage = upstream.Extensions.OfType<X509KeyUsageExtension>().FirstOrDefault();
        if (basic is not { CertificateAuthority: true } || (usage is not null && (usage.KeyUsages & X509KeyUsageFlags.KeyCertSign) == 0))
        {
            key.Dispose();
            throw new InvalidOperationException($"upstream CA Secret \"{CertificateKey}\": first certificate is not a CA with keyCertSign");
        }

        var rootThumbprints = roots.Select(r => r.Thumbprint).ToHashSet(StringComparer.Ordinal);
        var intermediates = certificates.Skip(1).Where(c => !rootThumbprints.Contains(c.Thumbprint)).ToList();
        try
        {
            var chainAbove = rootThumbprints.Contains(upstream.Thumbprint) ? [] : intermediates;
            return new UpstreamAuthority(new SigningAuthority(upstream.RawData, key, chainAbove), intermediates, roots);
        }
        catch (CryptographicException e)
        {
            key.Dispose();
            throw new InvalidOperationException($"upstream CA Secret: {e.Message}");
        }
    }

    public void Dispose() => Signer.Dispose();

    private static List<X509Certificate2> ReadCertificates(byte[] pem, string key)
    {
        var collection = new X509Certificate2Collection();
        try
        {
            collection.ImportFromPem(Encoding.ASCII.GetString(pem));
        }
        catch (CryptographicException)
        {
            throw new InvalidOperationException($"upstream CA Secret \"{key}\" is not PEM certificates");
        }

        return collection.Count > 0
            ? collection.ToList()
            : throw new InvalidOperationException($"upstream CA Secret \"{key}\" holds no certificate");
    }
}
