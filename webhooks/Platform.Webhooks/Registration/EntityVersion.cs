using System.Text.Json;

namespace Platform.Webhooks.Registration;

/// <summary>One served version of the entity a webhook handles, with the decoder for its JSON.</summary>
internal sealed record EntityVersion(string Group, string Version, string Kind, string Plural, Type Type, Func<JsonElement, object?> Decode)
{
    /// <summary>"group/version Kind", the way error messages name it.</summary>
    public string DisplayName => Group.Length == 0 ? $"{Version} {Kind}" : $"{Group}/{Version} {Kind}";
}
