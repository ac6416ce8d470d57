using k8s.Models;
using Platform.Crds.Spire;

namespace Platform.Identity.Tests.Support;

internal static class PodFixtures
{
    public static V1Pod Pod(string ns = "default", string name = "web-1", string sa = "web", string node = "node-1", IDictionary<string, string>? labels = null) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns, Uid = "pod-uid-" + name, Labels = labels ?? new Dictionary<string, string> { ["app"] = "web" } },
        Spec = new V1PodSpec { ServiceAccountName = sa, NodeName = node },
    };

    public static V1Node Node(string name = "node-1") => new()
    {
        Metadata = new V1ObjectMeta { Name = name, Uid = "node-uid-" + name, Labels = new Dictionary<string, string> { ["zone"] = "a" } },
        Spec = new V1NodeSpec(),
    };

    public static V1Namespace Namespace(string name = "default", IDictionary<string, string>? labels = null) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, Labels = labels ?? new Dictionary<string, string> { ["kubernetes.io/metadata.name"] = name } },
    };

    public static ClusterSPIFFEID Policy(string name, string template, DateTime created, bool fallback = false, V1LabelSelector? pods = null, V1LabelSelector? namespaces = null, string? ttl = null) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, Uid = "uid-" + name, CreationTimestamp = created },
        Spec = new ClusterSPIFFEIDSpec { SpiffeIDTemplate = template, Fallback = fallback, PodSelector = pods, NamespaceSelector = namespaces, Ttl = ttl },
    };
}
