using System.Text.Json.Nodes;
using Platform.Sandbox.Api;

namespace Platform.Sandbox.Admission;

/// <summary>What calling one mutating webhook did: denied (or failed) the request, changed the object, or was called at all.</summary>
internal sealed record MutationStep(AdmissionOutcome? Denied, JsonObject? Patched, bool Called);
