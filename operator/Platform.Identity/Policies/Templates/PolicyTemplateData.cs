using k8s.Models;

namespace Platform.Identity.Policies.Templates;

/// <summary>The data spire-controller-manager documents for ClusterSPIFFEID templates.</summary>
internal sealed record PolicyTemplateData(
    string TrustDomain, string ClusterName, string ClusterDomain, V1ObjectMeta PodMeta, V1PodSpec PodSpec, V1ObjectMeta NodeMeta, V1NodeSpec NodeSpec);
