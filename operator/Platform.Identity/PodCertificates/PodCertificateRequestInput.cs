using k8s.Models;
using Platform.Identity.Policies;

namespace Platform.Identity.PodCertificates;

/// <summary>Everything the signer looks at: the request and the objects it names (null when not found).</summary>
internal sealed record PodCertificateRequestInput(
    V1PodCertificateRequest Request,
    V1Pod? Pod,
    V1Node? Node,
    V1ServiceAccount? ServiceAccount,
    V1Namespace? Namespace,
    IReadOnlyList<CompiledPolicy> Policies);
