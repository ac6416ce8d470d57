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

    /// <summary>The request's User-Agent, which names the field manager when <see cref="FieldManager"/> is empty.</summary>
    public string UserAgent { get; init; } = "";

    /// <summary>The field manager the write is recorded under (the parameter, else derived from the User-Agent).</summary>
    public string Manager => Semantics.FieldManagerName.Resolve(FieldManager, UserAgent);
    public IReadOnlyDictionary<string, string> Query { get; init; } = new Dictionary<string, string>();

    public string Param(string name) => Query.TryGetValue(name, out var v) ? v : "";
}
