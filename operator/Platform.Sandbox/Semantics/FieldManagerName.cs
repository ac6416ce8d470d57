using System.Globalization;
using System.Text;
using Platform.Sandbox.Api;

namespace Platform.Sandbox.Semantics;

/// <summary>
/// The field manager a write is recorded under: the <c>fieldManager</c> query parameter, or else what the
/// real API server derives from the User-Agent (the text before the first '/', non-printable characters
/// dropped, cut at 128 bytes), so <c>kubectl/v1.32.4 (linux/amd64)</c> becomes <c>kubectl</c>.
/// </summary>
internal static class FieldManagerName
{
    public const int MaxLength = 128;

    public static string Resolve(string fieldManager, string userAgent) =>
        fieldManager.Length > 0 ? fieldManager : FromUserAgent(userAgent);

    public static string FromUserAgent(string userAgent)
    {
        if (userAgent.Length == 0)
        {
            return "";
        }

        var slash = userAgent.IndexOf('/', StringComparison.Ordinal);
        var prefix = slash < 0 ? userAgent : userAgent[..slash];
        var result = new StringBuilder(prefix.Length);
        var bytes = 0;
        foreach (var rune in prefix.EnumerateRunes())
        {
            if (!IsPrintable(rune))
            {
                continue;
            }

            if (bytes + rune.Utf8SequenceLength > MaxLength)
            {
                break;
            }

            bytes += rune.Utf8SequenceLength;
            result.Append(rune.ToString());
        }

        return result.ToString();
    }

    /// <summary>Upstream's ValidateFieldManager: at most 128 bytes, printable characters only.</summary>
    public static List<FieldError> Validate(string fieldManager)
    {
        var errors = new List<FieldError>();
        if (fieldManager.Length == 0)
        {
            return errors;
        }

        if (Encoding.UTF8.GetByteCount(fieldManager) > MaxLength)
        {
            errors.Add(new FieldError("fieldManager", "FieldValueTooLong", $"Too long: may not be more than {MaxLength} bytes"));
        }

        var position = 0;
        foreach (var rune in fieldManager.EnumerateRunes())
        {
            if (!IsPrintable(rune))
            {
                errors.Add(new FieldError("fieldManager", "FieldValueInvalid",
                    $"Invalid value: \"{fieldManager}\": invalid character U+{rune.Value.ToString("X4", CultureInfo.InvariantCulture)} (at position {position})"));
            }

            position += rune.Utf8SequenceLength;
        }

        return errors;
    }

    // Go's unicode.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space.
    private static bool IsPrintable(Rune rune) => rune.Value == ' ' || Rune.GetUnicodeCategory(rune) switch
    {
        UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.Surrogate or UnicodeCategory.PrivateUse
            or UnicodeCategory.OtherNotAssigned or UnicodeCategory.SpaceSeparator or UnicodeCategory.LineSeparator
            or UnicodeCategory.ParagraphSeparator => false,
        _ => true,
    };
}
