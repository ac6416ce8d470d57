using System.Text.RegularExpressions;
using Platform.Sandbox.Api;
using Platform.Sandbox.Resources;

namespace Platform.Sandbox.Semantics;

/// <summary>Object-name rules with the upstream error messages.</summary>
internal static partial class NameValidation
{
    private const string SubdomainMessage =
        "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";

    private const string LabelMessage =
        "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";

    private const string Dns1035Message =
        "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";

    public static IReadOnlyList<FieldError> Validate(string name, NameRule rule, string field = "metadata.name")
    {
        var errors = new List<FieldError>();
        switch (rule)
        {
            case NameRule.Subdomain:
                if (name.Length > 253)
                {
                    errors.Add(Invalid(field, name, "must be no more than 253 characters"));
                }

                if (!Subdomain().IsMatch(name))
                {
                    errors.Add(Invalid(field, name, SubdomainMessage));
                }

                break;
            case NameRule.Label:
            case NameRule.Dns1035Label:
                if (name.Length > 63)
                {
                    errors.Add(Invalid(field, name, "must be no more than 63 characters"));
                }

                if (rule == NameRule.Label ? !Label().IsMatch(name) : !Dns1035().IsMatch(name))
                {
                    errors.Add(Invalid(field, name, rule == NameRule.Label ? LabelMessage : Dns1035Message));
                }

                break;
            default:
                if (name is "." or "..")
                {
                    errors.Add(Invalid(field, name, $"may not be '{name}'"));
                }
                else if (name.Contains('/') || name.Contains('%'))
                {
                    errors.Add(Invalid(field, name, $"may not contain '{(name.Contains('/') ? "/" : "%")}'"));
                }

                break;
        }

        return errors;
    }

    public static bool IsSubdomain(string value) => value.Length <= 253 && Subdomain().IsMatch(value);

    public static FieldError Invalid(string field, string value, string detail) =>
        new(field, "FieldValueInvalid", $"Invalid value: \"{value}\": {detail}");

    public static FieldError Required(string field, string detail) =>
        new(field, "FieldValueRequired", detail.Length == 0 ? "Required value" : $"Required value: {detail}");

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")]
    private static partial Regex Subdomain();

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")]
    private static partial Regex Label();

    [GeneratedRegex("^[a-z]([-a-z0-9]*[a-z0-9])?$")]
    private static partial Regex Dns1035();
}
