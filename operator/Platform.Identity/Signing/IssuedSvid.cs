using System.Security.Cryptography;
using System.Text;
using Platform.Identity.Spiffe;

namespace Platform.Identity.Signing;

/// <summary>A signed X509-SVID: the leaf and the intermediates to present with it (leaf first).</summary>
internal sealed class IssuedSvid(SpiffeId id, IReadOnlyList<byte[]> chainDer, DateTimeOffset notBefore, DateTimeOffset notAfter)
{
    public SpiffeId Id { get; } = id;

    /// <summary>Leaf first, then intermediates; never the root.</summary>
    public IReadOnlyList<byte[]> ChainDer { get; } = chainDer;

    public byte[] LeafDer => ChainDer[0];

    public DateTimeOffset NotBefore { get; } = notBefore;

    public DateTimeOffset NotAfter { get; } = notAfter;

    /// <summary>The chain as concatenated PEM CERTIFICATE blocks.</summary>
    public string ToPem()
    {
        var builder = new StringBuilder(ChainDer.Sum(c => (c.Length * 4 / 3) + 80));
        foreach (var der in ChainDer)
        {
            builder.Append(PemEncoding.Write("CERTIFICATE", der)).Append('\n');
        }

        return builder.ToString();
    }
}
