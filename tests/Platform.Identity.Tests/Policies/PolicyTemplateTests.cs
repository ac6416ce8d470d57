using k8s.Models;
using Platform.Identity.Policies.Templates;

namespace Platform.Identity.Tests.Policies;

public sealed class PolicyTemplateTests
{
    private static readonly PolicyTemplateData Data = new(
        "example.org", "prod", "cluster.local",
        new V1ObjectMeta { Name = "web-1", NamespaceProperty = "shop", Uid = "1234", Labels = new Dictionary<string, string> { ["app"] = "web", ["app.kubernetes.io/name"] = "storefront" } },
        new V1PodSpec { ServiceAccountName = "web-sa", NodeName = "n1" },
        new V1ObjectMeta { Name = "n1", Uid = "node-uid" },
        new V1NodeSpec { PodCIDR = "10.0.0.0/24" });

    [Theory]
    [InlineData("spiffe://{{ .TrustDomain }}/ns/{{ .PodMeta.Namespace }}/sa/{{ .PodSpec.ServiceAccountName }}", "spiffe://example.org/ns/shop/sa/web-sa")]
    [InlineData("spiffe://{{.TrustDomain}}/c/{{ .ClusterName }}/{{ .ClusterDomain }}", "spiffe://example.org/c/prod/cluster.local")]
    [InlineData("spiffe://x/{{ .PodMeta.UID }}/{{ .NodeMeta.UID }}/{{ .NodeMeta.Name }}", "spiffe://x/1234/node-uid/n1")]
    [InlineData("spiffe://x/{{ index .PodMeta.Labels \"app.kubernetes.io/name\" }}", "spiffe://x/storefront")]
    [InlineData("spiffe://x/{{ .PodMeta.Labels.app }}", "spiffe://x/web")]
    [InlineData("spiffe://x/[{{ index .PodMeta.Labels \"missing\" }}]", "spiffe://x/[]")]
    [InlineData("a  {{- .PodSpec.NodeName -}}  b", "an1b")]
    [InlineData("no actions", "no actions")]
    [InlineData("{{ .NodeSpec.PodCIDR }}", "10.0.0.0/24")]
    public void Supported_templates_render_like_go(string template, string expected) =>
        Assert.Equal(expected, PolicyTemplateParser.Parse(template).Render(Data));

    [Theory]
    [InlineData("{{ if .PodMeta.Name }}x{{ end }}")]
    [InlineData("{{ range .PodMeta.Labels }}x{{ end }}")]
    [InlineData("{{ .PodMeta.Name | printf \"%s\" }}")]
    [InlineData("{{ printf \"%s\" .PodMeta.Name }}")]
    [InlineData("{{ $x := 1 }}")]
    [InlineData("{{/* comment */}}")]
    [InlineData("{{ (index .PodMeta.Labels \"a\") }}")]
    [InlineData("{{ }}")]
    public void Other_constructs_are_rejected_saying_what_is_supported(string template)
    {
        var exception = Assert.Throws<PolicyTemplateException>(() => PolicyTemplateParser.Parse(template));
        Assert.Contains("supported are", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{{ .PodMeta.Nmae }}", "can't evaluate field Nmae")]
    [InlineData("{{ .Pod.Name }}", "can't evaluate field Pod")]
    [InlineData("{{ .PodMeta.Name.Length }}", "can't evaluate field Length")]
    [InlineData("{{ .PodMeta.name }}", "can't evaluate field name")]
    [InlineData("{{ index .PodMeta.Name \"x\" }}", "cannot index")]
    [InlineData("spiffe://{{ .TrustDomain", "unclosed action")]
    [InlineData("{{ index .PodMeta.Labels \"x }}", "unterminated")]
    public void Mistakes_are_reported_at_parse_time(string template, string expected)
    {
        var exception = Assert.Throws<PolicyTemplateException>(() => PolicyTemplateParser.Parse(template));
        Assert.Contains(expected, exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Non_scalar_and_nil_values_fail_at_render()
    {
        Assert.Throws<PolicyTemplateException>(() => PolicyTemplateParser.Parse("{{ .PodMeta.Labels }}").Render(Data));
        Assert.Throws<PolicyTemplateException>(() => PolicyTemplateParser.Parse("{{ .PodSpec.SecurityContext.RunAsUser }}").Render(Data));
    }
}
