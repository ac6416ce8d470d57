using System.Text.Json.Nodes;
using k8s;
using Platform.Crds.Spire;

namespace Platform.Identity.Tests.Policies;

public sealed class ClusterSpiffeIdSerializationTests
{
    [Fact]
    public void Upstream_manifest_round_trips_with_upstream_field_names()
    {
        const string manifest = """
        {"apiVersion":"spire.spiffe.io/v1alpha1","kind":"ClusterSPIFFEID","metadata":{"name":"web"},
         "spec":{"spiffeIDTemplate":"spiffe://{{ .TrustDomain }}/ns/{{ .PodMeta.Namespace }}/sa/{{ .PodSpec.ServiceAccountName }}",
           "podSelector":{"matchLabels":{"app":"web"}},"namespaceSelector":{"matchExpressions":[{"key":"team","operator":"In","values":["a"]}]},
           "ttl":"1h","jwtTtl":"5m","dnsNameTemplates":["{{ .PodMeta.Name }}"],"workloadSelectorTemplates":["k8s:ns:default"],
           "federatesWith":["partner.org"],"admin":false,"downstream":false,"autoPopulateDNSNames":true,"className":"c","fallback":true,"hint":"h"},
         "status":{"stats":{"namespacesSelected":1,"namespacesIgnored":2,"podsSelected":3,"podEntryRenderFailures":4,"entriesMasked":5,"entriesToSet":6,"entryFailures":7}}}
        """;
        var policy = KubernetesJson.Deserialize<ClusterSPIFFEID>(manifest);
        Assert.Equal("1h", policy.Spec.Ttl);
        Assert.Equal("web", policy.Spec.PodSelector!.MatchLabels["app"]);
        Assert.Equal("In", policy.Spec.NamespaceSelector!.MatchExpressions[0].OperatorProperty);
        Assert.True(policy.Spec.Fallback);
        Assert.True(policy.Spec.AutoPopulateDNSNames);
        Assert.Equal(7, policy.Status.Stats.EntryFailures);

        var again = JsonNode.Parse(KubernetesJson.Serialize(policy))!;
        var original = JsonNode.Parse(manifest)!;
        foreach (var field in original["spec"]!.AsObject())
        {
            Assert.True(JsonNode.DeepEquals(field.Value, again["spec"]![field.Key]), field.Key);
        }

        Assert.True(JsonNode.DeepEquals(original["status"], again["status"]));
    }
}
