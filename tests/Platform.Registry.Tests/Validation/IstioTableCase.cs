using Platform.Crds.Istio;

namespace Platform.Registry.Tests.Validation;

/// <summary>One row of the reconstructed Istio validation table: the entry, its outcome, and a message it must produce.</summary>
internal sealed record IstioTableCase(ServiceEntry Entry, ExpectedOutcome Outcome, string? Message = null);
