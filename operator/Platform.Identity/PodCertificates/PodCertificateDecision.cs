using k8s.Models;

namespace Platform.Identity.PodCertificates;

/// <summary>The decision and, unless ignored, the complete status to write through /status.</summary>
internal sealed record PodCertificateDecision(PodCertificateOutcome Outcome, V1PodCertificateRequestStatus? Status, string Reason, string Message);
