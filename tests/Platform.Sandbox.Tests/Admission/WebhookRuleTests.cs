using Platform.Sandbox.Admission;

namespace Platform.Sandbox.Tests.Admission;

public sealed class WebhookRuleTests
{
    [Theory]
    [InlineData("pods", "pods", "", true)]
    [InlineData("pods", "pods", "status", false)]
    [InlineData("pods/status", "pods", "status", true)]
    [InlineData("pods/status", "pods", "", false)]
    [InlineData("pods/*", "pods", "", true)]
    [InlineData("pods/*", "pods", "binding", true)]
    [InlineData("pods/*", "services", "", false)]
    [InlineData("*", "services", "", true)]
    [InlineData("*", "services", "status", false)]
    [InlineData("*/status", "services", "status", true)]
    [InlineData("*/status", "services", "", false)]
    [InlineData("*/*", "deployments", "scale", true)]
    public void Resources_match_with_subresources_as_documented(string ruleResource, string resource, string subresource, bool expected)
    {
        var rule = new WebhookRule(["*"], ["*"], ["*"], [ruleResource], "*");

        Assert.Equal(expected, rule.MatchesResource(resource, subresource));
    }

    [Theory]
    [InlineData("Cluster", false, true)]
    [InlineData("Cluster", true, false)]
    [InlineData("Namespaced", true, true)]
    [InlineData("Namespaced", false, false)]
    [InlineData("*", true, true)]
    public void Scope_restricts_to_cluster_or_namespaced_requests(string scope, bool namespaced, bool expected) =>
        Assert.Equal(expected, new WebhookRule(["*"], ["*"], ["*"], ["*"], scope).MatchesScope(namespaced));

    [Fact]
    public void Operations_groups_and_versions_honour_wildcards()
    {
        var rule = new WebhookRule(["CREATE", "UPDATE"], ["", "apps"], ["v1"], ["*"], "*");
        var any = new WebhookRule(["*"], ["*"], ["*"], ["*"], "*");

        Assert.True(rule.MatchesOperation("UPDATE"));
        Assert.False(rule.MatchesOperation("DELETE"));
        Assert.True(rule.MatchesGroup("apps"));
        Assert.False(rule.MatchesGroup("batch"));
        Assert.False(rule.MatchesVersion("v1beta1"));
        Assert.True(any.MatchesOperation("CONNECT") && any.MatchesGroup("x.io") && any.MatchesVersion("v9"));
    }
}
