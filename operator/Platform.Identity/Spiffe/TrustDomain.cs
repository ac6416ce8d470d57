namespace Platform.Identity.Spiffe;

/// <summary>A SPIFFE trust domain: the authority part of a SPIFFE ID, lowercase, at most 255 bytes.</summary>
public sealed class TrustDomain : IEquatable<TrustDomain>
{
    private TrustDomain(string name) => Name = name;

    /// <summary>The trust domain name, e.g. <c>example.org</c>.</summary>
    public string Name { get; }

    /// <summary>The trust domain's own SPIFFE ID, <c>spiffe://example.org</c>.</summary>
    public string IdString => SpiffeIdGrammar.Scheme + Name;

    /// <summary>Parses a bare name, or a SPIFFE ID (anything containing <c>:/</c>) whose trust domain is taken.</summary>
    /// <exception cref="FormatException">The value is not a valid trust domain.</exception>
    public static TrustDomain Parse(string value) =>
        TryParse(value, out var trustDomain, out var error) ? trustDomain : throw new FormatException("invalid trust domain: " + error);

    /// <summary>Parses without throwing; <paramref name="error"/> says what is wrong.</summary>
    public static bool TryParse(string? value, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out TrustDomain? trustDomain, out string error)
    {
        trustDomain = null;
        if (string.IsNullOrEmpty(value))
        {
            error = SpiffeIdGrammar.ErrMissingTrustDomain;
            return false;
        }

        if (value.Contains(":/", StringComparison.Ordinal))
        {
            if (!SpiffeId.TryParse(value, out var id, out error))
            {
                return false;
            }

            trustDomain = id.TrustDomain;
            return true;
        }

        var problem = SpiffeIdGrammar.ValidateTrustDomainName(value);
        if (problem is not null)
        {
            error = problem;
            return false;
        }

        error = string.Empty;
        trustDomain = new TrustDomain(value);
        return true;
    }

    /// <summary>Creates from a name already known to be valid.</summary>
    internal static TrustDomain FromValidatedName(string name) => new(name);

    /// <inheritdoc />
    public bool Equals(TrustDomain? other) => other is not null && string.Equals(Name, other.Name, StringComparison.Ordinal);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as TrustDomain);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Name);

    /// <inheritdoc />
    public override string ToString() => Name;
}
