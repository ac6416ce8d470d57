using Platform.Sandbox.Api;

namespace Platform.Sandbox.Schema;

/// <summary>
/// Builds <see cref="FieldError"/>s worded as apimachinery's <c>field.Error.ErrorBody()</c> words them
/// ("Invalid value: 70000: ...", "Required value", "Unsupported value: \"X\": supported values: ..."),
/// with the StatusCause reason as the type.
/// </summary>
internal static class FieldErrors
{
    public static FieldError Required(string path, string detail = "") =>
        new(path, "FieldValueRequired", WithDetail("Required value", detail));

    public static FieldError Invalid(string path, object? value, string detail) =>
        new(path, "FieldValueInvalid", WithDetail("Invalid value: " + GoValueFormatter.Format(value), detail));

    public static FieldError TypeInvalid(string path, object? value, string detail) =>
        new(path, "FieldValueTypeInvalid", WithDetail("Invalid value: " + GoValueFormatter.Format(value), detail));

    public static FieldError NotSupported(string path, object? value, IEnumerable<string> supported)
    {
        var quoted = string.Join(", ", supported.Select(GoValueFormatter.Quote));
        return new(path, "FieldValueNotSupported", WithDetail("Unsupported value: " + GoValueFormatter.Format(value), quoted.Length == 0 ? "" : "supported values: " + quoted));
    }

    public static FieldError TooLong(string path, long max) =>
        new(path, "FieldValueTooLong", WithDetail("Too long", max >= 0 ? $"may not be longer than {max}" : "value is too long"));

    public static FieldError TooMany(string path, long actual, long max) =>
        new(path, "FieldValueTooMany", WithDetail("Too many: " + actual, max >= 0 ? $"must have at most {max} items" : "has too many items"));

    public static FieldError Duplicate(string path, object? value) =>
        new(path, "FieldValueDuplicate", "Duplicate value: " + GoValueFormatter.Format(value));

    public static FieldError Forbidden(string path, string detail) =>
        new(path, "FieldValueForbidden", WithDetail("Forbidden", detail));

    /// <summary>
    /// The <c>Status.message</c> upstream gives a 422 for these errors:
    /// <c>Kind.group "name" is invalid: [path: body, path: body]</c> (no brackets for a single error).
    /// </summary>
    public static string ToStatusMessage(string qualifiedKind, string name, IReadOnlyList<FieldError> errors)
    {
        var parts = errors.Select(e => string.IsNullOrEmpty(e.Path) ? e.Detail : $"{e.Path}: {e.Detail}").ToList();
        var body = parts.Count == 1 ? parts[0] : "[" + string.Join(", ", parts) + "]";
        return $"{qualifiedKind} \"{name}\" is invalid: {body}";
    }

    private static string WithDetail(string head, string detail) => detail.Length == 0 ? head : head + ": " + detail;
}
