using System.Diagnostics.CodeAnalysis;

namespace Platform.Identity.Spiffe;

/// <summary>
/// A validated SPIFFE ID (<c>spiffe://trust-domain/path</c>). Parsing enforces every MUST of SPIFFE-ID.md:
/// exact lowercase <c>spiffe://</c> scheme, trust-domain characters, no percent-encoding, query, fragment,
/// port or userinfo (all refused by the character rules), no empty or dot segments, no trailing slash, and
/// the 255-byte trust domain / 2048-byte ID limits.
/// </summary>
public sealed class SpiffeId : IEquatable<SpiffeId>
{
    private readonly string value;

    private SpiffeId(TrustDomain trustDomain, string path, string value)
    {
        TrustDomain = trustDomain;
        Path = path;
        this.value = value;
    }

    /// <summary>The trust domain.</summary>
    public TrustDomain TrustDomain { get; }

    /// <summary>The path, empty for the trust domain's root ID, otherwise starting with '/'.</summary>
    public string Path { get; }

    /// <summary>True when the ID has no path (a trust domain ID, never a workload's SVID).</summary>
    public bool IsRoot => Path.Length == 0;

    /// <summary>Parses and validates.</summary>
    /// <exception cref="FormatException">The value is not a valid SPIFFE ID; the message says why.</exception>
    public static SpiffeId Parse(string value) =>
        TryParse(value, out var id, out var error) ? id : throw new FormatException("invalid SPIFFE ID: " + error);

    /// <summary>Parses and validates without throwing.</summary>
    public static bool TryParse(string? value, [NotNullWhen(true)] out SpiffeId? id, out string error)
    {
        id = null;
        if (string.IsNullOrEmpty(value))
        {
            error = SpiffeIdGrammar.ErrEmpty;
            return false;
        }

        if (!value.StartsWith(SpiffeIdGrammar.Scheme, StringComparison.Ordinal))
        {
            error = SpiffeIdGrammar.ErrScheme;
            return false;
        }

        var rest = value.AsSpan(SpiffeIdGrammar.Scheme.Length);
        var slash = rest.IndexOf('/');
        var trustDomainName = (slash < 0 ? rest : rest[..slash]).ToString();
        var path = slash < 0 ? string.Empty : rest[slash..].ToString();

        var problem = SpiffeIdGrammar.ValidateTrustDomainName(trustDomainName) ?? SpiffeIdGrammar.ValidatePath(path);
        if (problem is null && value.Length > SpiffeIdGrammar.MaxIdBytes)
        {
            problem = SpiffeIdGrammar.ErrTooLong;
        }

        if (problem is not null)
        {
            error = problem;
            return false;
        }

        error = string.Empty;
        id = new SpiffeId(TrustDomain.FromValidatedName(trustDomainName), path, value);
        return true;
    }

    /// <summary>Mints an ID in <paramref name="trustDomain"/> from a path; refuses invalid paths and IDs over 2048 bytes.</summary>
    /// <exception cref="FormatException">The path is invalid or the ID would be too long.</exception>
    public static SpiffeId FromPath(TrustDomain trustDomain, string path)
    {
        var problem = SpiffeIdGrammar.ValidatePath(path);
        var text = trustDomain.IdString + path;
        if (problem is null && SpiffeIdGrammar.ByteLength(text) > SpiffeIdGrammar.MaxIdBytes)
        {
            problem = SpiffeIdGrammar.ErrTooLong;
        }

        return problem is null ? new SpiffeId(trustDomain, path, text) : throw new FormatException("invalid SPIFFE ID: " + problem);
    }

    /// <summary>Mints an ID from path segments, e.g. ("ns", "default", "sa", "web").</summary>
    public static SpiffeId FromSegments(TrustDomain trustDomain, params string[] segments) =>
        FromPath(trustDomain, segments.Length == 0 ? string.Empty : "/" + string.Join('/', segments));

    /// <summary>True when the ID belongs to <paramref name="trustDomain"/>.</summary>
    public bool MemberOf(TrustDomain trustDomain) => TrustDomain.Equals(trustDomain);

    /// <inheritdoc />
    public bool Equals(SpiffeId? other) => other is not null && string.Equals(value, other.value, StringComparison.Ordinal);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as SpiffeId);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(value);

    /// <inheritdoc />
    public override string ToString() => value;
}
