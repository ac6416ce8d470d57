using System.Text.Json.Nodes;
using Platform.Sandbox.Api;

namespace Platform.Sandbox.Admission;

/// <summary>The parts of an AdmissionReview v1 response the chain acts on.</summary>
internal sealed record WebhookResponse(bool Allowed, AdmissionStatus? Status, JsonArray? Patch, IReadOnlyList<string> Warnings);
