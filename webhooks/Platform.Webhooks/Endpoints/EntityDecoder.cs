using System.Text.Json;
using Platform.Webhooks.Abstractions.Admission;
using Platform.Webhooks.Registration;

namespace Platform.Webhooks.Endpoints;

/// <summary>
/// Decodes the object of an admission request into the served version it names. Failures become messages that
/// name the offending field, so the user learns what to fix instead of seeing a server error.
/// </summary>
internal static class EntityDecoder
{
    public static bool TryDecode<TEntity>(
        WebhookRegistration registration,
        GroupVersionKind? kind,
        JsonElement? element,
        string field,
        out TEntity? entity,
        out string? error)
        where TEntity : class
    {
        entity = null;
        if (!TryFindVersion(registration, kind, out var version, out error))
        {
            return false;
        }

        if (element is not { ValueKind: JsonValueKind.Object } json)
        {
            error = $"request.{field} must be a {version.DisplayName} object";
            return false;
        }

        try
        {
            entity = version.Decode(json) as TEntity;
        }
        catch (JsonException e)
        {
            error = $"cannot decode request.{field} as {version.DisplayName}: {Describe(e)}";
            return false;
        }
        catch (Exception e) when (e is FormatException or InvalidOperationException or ArgumentException or OverflowException or NotSupportedException)
        {
            error = $"cannot decode request.{field} as {version.DisplayName}: {e.Message}";
            return false;
        }

        if (entity is null)
        {
            error = $"request.{field} must be a {version.DisplayName} object";
            return false;
        }

        return true;
    }

    private static bool TryFindVersion(WebhookRegistration registration, GroupVersionKind? kind, out EntityVersion version, out string? error)
    {
        error = null;
        if (kind is null)
        {
            if (registration.Versions.Count == 1)
            {
                version = registration.Versions[0];
                return true;
            }

            version = registration.Versions[0];
            error = "request.kind is missing, so the served version cannot be chosen";
            return false;
        }

        foreach (var candidate in registration.Versions)
        {
            if (candidate.Group == (kind.Group ?? "") && candidate.Version == kind.Version && candidate.Kind == kind.Kind)
            {
                version = candidate;
                return true;
            }
        }

        version = registration.Versions[0];
        error = $"webhook {registration.Name} serves {string.Join(", ", registration.Versions.Select(v => v.DisplayName))}, not {kind}";
        return false;
    }

    private static string Describe(JsonException e)
    {
        // System.Text.Json appends " Path: $.a.b | LineNumber: …" to its messages; the path is reported on its own.
        var message = e.Message;
        var cut = message.IndexOf(" Path: ", StringComparison.Ordinal);
        if (cut >= 0)
        {
            message = message[..cut];
        }

        var path = e.Path is { Length: > 0 } p ? p.TrimStart('$').TrimStart('.') : null;
        return string.IsNullOrEmpty(path) ? message : $"field {path}: {message}";
    }
}
