using Platform.Sandbox.Api;
using Platform.Sandbox.Resources;

namespace Platform.Sandbox.Rest;

/// <summary>A parsed resource request: what it addresses, who asks, and the request-wide options.</summary>
internal sealed record ApiRequest
{
    public required ResourceType Type { get; init; }
    public string Namespace { get; init; } = "";
    public string Name { get; init; } = "";
    public string Subresource { get; init; } = "";
    public required AdmissionUserInfo User { get; init; }
    public bool DryRun { get; init; }
    public string FieldManager { get; init; } = "";
    public bool Force { get; init; }
    public IReadOnlyDictionary<string, string> Query { get; init; } = new Dictionary<string, string>();

    public string Param(string name) => Query.TryGetValue(name, out var v) ? v : "";
}
