using System.Text.Json.Nodes;

namespace Platform.Sandbox.Rest;

/// <summary>A successful response: HTTP code, body, and admission warnings for <c>Warning</c> headers.</summary>
internal sealed record ApiResult(int Code, JsonObject Body, IReadOnlyList<string> Warnings);
