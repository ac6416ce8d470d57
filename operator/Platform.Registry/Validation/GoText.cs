using System.Globalization;
using System.Text;

namespace Platform.Registry.Validation;

/// <summary>
/// Renders values the way Istio's Go messages do (<c>%q</c>, UTF-8 byte lengths), so our messages read exactly
/// like the ones users already know from istiod.
/// </summary>
internal static class GoText
{
    /// <summary>Go's <c>%q</c>: a double-quoted string with Go escapes.</summary>
    public static string Quote(string? value)
    {
        value ??= "";
        var builder = new StringBuilder(value.Length + 2);
        builder.Append('"');
        foreach (var rune in value.EnumerateRunes())
        {
            switch (rune.Value)
            {
                case '"': builder.Append("\\\""); break;
                case '\\': builder.Append("\\\\"); break;
                case '\a': builder.Append("\\a"); break;
                case '\b': builder.Append("\\b"); break;
                case '\f': builder.Append("\\f"); break;
                case '\n': builder.Append("\\n"); break;
                case '\r': builder.Append("\\r"); break;
                case '\t': builder.Append("\\t"); break;
                case '\v': builder.Append("\\v"); break;
                default:
                    if (Rune.IsControl(rune))
                    {
                        builder.Append(rune.Value < 0x80
                            ? "\\x" + rune.Value.ToString("x2", CultureInfo.InvariantCulture)
                            : "\\u" + rune.Value.ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        builder.Append(rune.ToString());
                    }

                    break;
            }
        }

        builder.Append('"');
        return builder.ToString();
    }

    /// <summary>Go's <c>len(string)</c>: the UTF-8 byte count.</summary>
    public static int ByteLength(string value) => Encoding.UTF8.GetByteCount(value);

    /// <summary>Go's <c>strconv.Atoi</c> success test: optional sign, decimal digits, fits in 64 bits.</summary>
    public static bool IsAtoiNumber(string value)
    {
        var digits = value.AsSpan();
        if (digits.Length > 0 && (digits[0] == '+' || digits[0] == '-'))
        {
            digits = digits[1..];
        }

        if (digits.IsEmpty)
        {
            return false;
        }

        foreach (var c in digits)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }
        }

        return long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _);
    }
}
