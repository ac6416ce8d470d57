using System.Text.RegularExpressions;

namespace Platform.Sandbox.Schema.Cel;

/// <summary>
/// Rewords the Cel package's runtime exceptions as cel-go words the same failures ("no such key: x",
/// "index out of bounds", "division by zero"), since those texts end up in API error messages.
/// </summary>
internal static partial class CelErrorText
{
    public static string Describe(Exception ex)
    {
        var name = ex.GetType().Name;
        var message = ex.Message;
        return name switch
        {
            "CelNoSuchFieldException" when FieldName().Match(message) is { Success: true } m => "no such key: " + m.Groups[1].Value,
            "CelArgumentRangeException" when message.StartsWith("Key", StringComparison.Ordinal) => "no such key",
            "CelArgumentRangeException" => "index out of bounds",
            "CelDivideByZeroException" => "division by zero",
            "CelModulusByZeroException" => "modulus by zero",
            "CelOverflowException" => "integer overflow",
            "CelUnboundFunctionException" when QuotedName().Match(message) is { Success: true } m => $"undeclared reference to '{m.Groups[1].Value}'",
            "CelNoSuchOverloadException" => "no such overload",
            _ => message,
        };
    }

    [GeneratedRegex("field '([^']*)'")]
    private static partial Regex FieldName();

    [GeneratedRegex("'([^']*)'")]
    private static partial Regex QuotedName();
}
