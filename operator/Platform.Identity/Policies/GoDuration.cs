using System.Globalization;

namespace Platform.Identity.Policies;

/// <summary>Parses Go <c>time.Duration</c> strings as metav1.Duration carries them: "1h", "90m", "1h30m", "1.5h", "300ms", "0".</summary>
internal static class GoDuration
{
    public static bool TryParse(string? text, out TimeSpan value)
    {
        value = TimeSpan.Zero;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        var s = text.AsSpan();
        var negative = false;
        if (s[0] is '-' or '+')
        {
            negative = s[0] == '-';
            s = s[1..];
        }

        if (s.SequenceEqual("0"))
        {
            return true;
        }

        if (s.Length == 0)
        {
            return false;
        }

        double totalTicks = 0;
        while (s.Length > 0)
        {
            var numberLength = 0;
            while (numberLength < s.Length && (char.IsAsciiDigit(s[numberLength]) || s[numberLength] == '.'))
            {
                numberLength++;
            }

            if (numberLength == 0 ||
                !double.TryParse(s[..numberLength], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
            {
                return false;
            }

            s = s[numberLength..];
            var unitLength = 0;
            while (unitLength < s.Length && !char.IsAsciiDigit(s[unitLength]) && s[unitLength] != '.')
            {
                unitLength++;
            }

            double? unitTicks = s[..unitLength] switch
            {
                "ns" => 0.01,
                "us" or "µs" or "μs" => 10,
                "ms" => TimeSpan.TicksPerMillisecond,
                "s" => TimeSpan.TicksPerSecond,
                "m" => TimeSpan.TicksPerMinute,
                "h" => TimeSpan.TicksPerHour,
                _ => null,
            };
            if (unitTicks is null)
            {
                return false;
            }

            totalTicks += number * unitTicks.Value;
            s = s[unitLength..];
        }

        if (totalTicks > TimeSpan.MaxValue.Ticks)
        {
            return false;
        }

        value = TimeSpan.FromTicks((long)(negative ? -totalTicks : totalTicks));
        return true;
    }
}
