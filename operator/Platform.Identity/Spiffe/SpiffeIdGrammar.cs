using System.Text;

namespace Platform.Identity.Spiffe;

/// <summary>
/// The SPIFFE-ID.md grammar, checked byte-wise as go-spiffe does (so any non-ASCII byte is refused), plus
/// the length limits go-spiffe leaves out. Messages follow go-spiffe's wording so operators can search them.
/// </summary>
internal static class SpiffeIdGrammar
{
    public const string Scheme = "spiffe://";
    public const int MaxTrustDomainBytes = 255;
    public const int MaxIdBytes = 2048;

    public const string ErrEmpty = "cannot be empty";
    public const string ErrScheme = "scheme is missing or invalid";
    public const string ErrMissingTrustDomain = "trust domain is missing";
    public const string ErrTrustDomainChars = "trust domain characters are limited to lowercase letters, numbers, dots, dashes, and underscores";
    public const string ErrTrustDomainTooLong = "trust domain is longer than 255 bytes";
    public const string ErrPathChars = "path segment characters are limited to letters, numbers, dots, dashes, and underscores";
    public const string ErrEmptySegment = "path cannot contain empty segments";
    public const string ErrDotSegment = "path cannot contain dot segments";
    public const string ErrTrailingSlash = "path cannot have a trailing slash";
    public const string ErrLeadingSlash = "path must have a leading slash";
    public const string ErrTooLong = "SPIFFE ID is longer than 2048 bytes";

    public static bool IsTrustDomainChar(char c) =>
        c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '.' or '-' or '_';

    public static bool IsPathSegmentChar(char c) =>
        c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '.' or '-' or '_';

    /// <summary>Checks a bare trust domain name; returns null when valid.</summary>
    public static string? ValidateTrustDomainName(string name)
    {
        if (name.Length == 0)
        {
            return ErrMissingTrustDomain;
        }

        foreach (var c in name)
        {
            if (!IsTrustDomainChar(c))
            {
                return ErrTrustDomainChars;
            }
        }

        // Only ASCII got this far, so chars equal bytes.
        return name.Length > MaxTrustDomainBytes ? ErrTrustDomainTooLong : null;
    }

    /// <summary>Checks a path ("" or "/seg/seg"); returns null when valid.</summary>
    public static string? ValidatePath(string path)
    {
        if (path.Length == 0)
        {
            return null;
        }

        if (path[0] != '/')
        {
            return ErrLeadingSlash;
        }

        var segmentStart = 0;
        for (var i = 1; i <= path.Length; i++)
        {
            if (i < path.Length && path[i] != '/')
            {
                if (!IsPathSegmentChar(path[i]))
                {
                    return ErrPathChars;
                }

                continue;
            }

            // path[segmentStart] is '/', the segment is (segmentStart, i).
            var length = i - segmentStart - 1;
            if (length == 0)
            {
                return i == path.Length ? ErrTrailingSlash : ErrEmptySegment;
            }

            if ((length == 1 && path[segmentStart + 1] == '.') ||
                (length == 2 && path[segmentStart + 1] == '.' && path[segmentStart + 2] == '.'))
            {
                return ErrDotSegment;
            }

            segmentStart = i;
        }

        return null;
    }

    public static int ByteLength(string value) => Encoding.UTF8.GetByteCount(value);
}
