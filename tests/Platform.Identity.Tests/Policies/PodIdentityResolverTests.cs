using k8s.Models;
using Platform.Crds.Spire;
using Platform.Identity.Policies;
using Platform.Identity.Tests.Support;

namespace Platform.Identity.Tests.Policies;

public sealed class PodIdentityResolverTests
{
    private static readonly IdentityOptions Options = new() { TrustDomain = "example.org", ClusterName = "prod" };
    private static readonly DateTime T0 = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    private static CompiledPolicy Compile(ClusterSPIFFEID policy)
    {
        var compiled = ClusterSpiffeIdCompiler.TryCompile(policy, out var errors);
        Assert.True(compiled is not null, string.Join("; ", errors));
        return compiled;
    }

    [Fact]
    public void No_matching_policy_gives_the_namespace_service_account_default()
    {
        var resolver = new PodIdentityResolver(Options);
        var other = Compile(PodFixtures.Policy("other", "spiffe://example.org/x", T0, pods: new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = "db" } }));
        var identity = resolver.Resolve(PodFixtures.Pod(), PodFixtures.Namespace(), PodFixtures.Node(), [other]);
        Assert.Equal("spiffe://example.org/ns/default/sa/web", identity.Id!.ToString());
        Assert.Null(identity.PolicyName);
    }

    [Fact]
    public void Oldest_matching_policy_wins_and_fallback_applies_only_when_nothing_else_matched()
    {
        var resolver = new PodIdentityResolver(Options);
        var newer = Compile(PodFixtures.Policy("newer", "spiffe://example.org/newer", T0.AddHours(1)));
        var older = Compile(PodFixtures.Policy("older", "spiffe://example.org/older/{{ .PodMeta.Name }}", T0));
        var fallback = Compile(PodFixtures.Policy("fallback", "spiffe://example.org/fallback", T0.AddYears(-1), fallback: true));
        Assert.Equal("spiffe://example.org/older/web-1", resolver.Resolve(PodFixtures.Pod(), PodFixtures.Namespace(), null, [newer, fallback, older]).Id!.ToString());
        Assert.Equal("spiffe://example.org/fallback", resolver.Resolve(PodFixtures.Pod(), PodFixtures.Namespace(), null, [fallback]).Id!.ToString());
    }

    [Fact]
    public void Selectors_filter_by_pod_and_namespace_labels()
    {
        var resolver = new PodIdentityResolver(Options);
        var policy = Compile(PodFixtures.Policy("p", "spiffe://example.org/selected", T0,
            pods: new V1LabelSelector { MatchExpressions = [new V1LabelSelectorRequirement { Key = "app", OperatorProperty = "In", Values = ["web"] }] },
            namespaces: new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["team"] = "shop" } }));
        var shop = PodFixtures.Namespace("default", new Dictionary<string, string> { ["team"] = "shop" });
        Assert.Equal("spiffe://example.org/selected", resolver.Resolve(PodFixtures.Pod(), shop, null, [policy]).Id!.ToString());
        Assert.Null(resolver.Resolve(PodFixtures.Pod(), PodFixtures.Namespace(), null, [policy]).PolicyName);
    }

    [Fact]
    public void Render_outside_trust_domain_or_invalid_is_a_failure_not_a_different_identity()
    {
        var resolver = new PodIdentityResolver(Options);
        var foreign = Compile(PodFixtures.Policy("foreign", "spiffe://evil.org/x", T0));
        var broken = Compile(PodFixtures.Policy("broken", "spiffe://example.org/{{ index .PodMeta.Labels \"missing\" }}", T0));
        var a = resolver.Resolve(PodFixtures.Pod(), null, null, [foreign]);
        Assert.False(a.Succeeded);
        Assert.Contains("outside trust domain", a.RenderFailure, StringComparison.Ordinal);
        var b = resolver.Resolve(PodFixtures.Pod(), null, null, [broken]);
        Assert.Contains("trailing slash", b.RenderFailure, StringComparison.Ordinal);
    }

    [Fact]
    public void Ignored_namespaces_and_other_classes_get_the_default()
    {
        var resolver = new PodIdentityResolver(Options);
        var policy = Compile(PodFixtures.Policy("p", "spiffe://example.org/p", T0));
        var classed = Compile(PodFixtures.Policy("c", "spiffe://example.org/c", T0));
        classed.Source.Spec.ClassName = "someone-else";
        Assert.Equal("spiffe://example.org/ns/kube-system/sa/web", resolver.Resolve(PodFixtures.Pod("kube-system"), null, null, [policy]).Id!.ToString());
        Assert.Equal("spiffe://example.org/ns/default/sa/web", resolver.Resolve(PodFixtures.Pod(), null, null, [classed]).Id!.ToString());
    }

    [Fact]
    public void Auto_populated_dns_names_follow_the_selecting_services()
    {
        var resolver = new PodIdentityResolver(Options);
        var source = PodFixtures.Policy("p", "spiffe://example.org/p", T0);
        source.Spec.AutoPopulateDNSNames = true;
        source.Spec.DnsNameTemplates = ["{{ .PodMeta.Name }}.example.org"];
        var identity = resolver.Resolve(PodFixtures.Pod(), null, null, [Compile(source)], ["web", "api"]);
        Assert.Equal(
            ["web-1.example.org", "api", "api.default", "api.default.svc", "api.default.svc.cluster.local", "web", "web.default", "web.default.svc", "web.default.svc.cluster.local"],
            identity.DnsNames);
        source.Spec.AutoPopulateDNSNames = false;
        Assert.Equal(["web-1.example.org"], resolver.Resolve(PodFixtures.Pod(), null, null, [Compile(source)], ["web"]).DnsNames);
    }

    [Fact]
    public void Stats_count_like_spire_controller_manager()
    {
        var resolver = new PodIdentityResolver(Options);
        var older = Compile(PodFixtures.Policy("older", "spiffe://example.org/o/{{ .PodMeta.Name }}", T0));
        var newer = Compile(PodFixtures.Policy("newer", "spiffe://example.org/{{ index .PodMeta.Labels \"tier\" }}", T0.AddHours(1),
            pods: new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = "web" } }));
        var fallback = Compile(PodFixtures.Policy("fb", "spiffe://example.org/fb", T0, fallback: true));
        var namespaces = new[] { PodFixtures.Namespace("default"), PodFixtures.Namespace("kube-system"), PodFixtures.Namespace("shop") };
        var pods = new[]
        {
            PodFixtures.Pod("default", "a"),
            PodFixtures.Pod("shop", "b"),
            PodFixtures.Pod("kube-system", "c"),
        };
        var all = new[] { older, newer, fallback };
        var calculator = new ClusterSpiffeIdStatsCalculator(resolver);

        var olderStats = calculator.Compute(older, all, namespaces, pods, _ => null);
        Assert.Equal((3, 1, 2, 2, 0, 0), (olderStats.NamespacesSelected, olderStats.NamespacesIgnored, olderStats.PodsSelected, olderStats.EntriesToSet, olderStats.EntriesMasked, olderStats.PodEntryRenderFailures));

        var newerStats = calculator.Compute(newer, all, namespaces, pods, _ => null);
        Assert.Equal((2, 0, 2), (newerStats.PodsSelected, newerStats.EntriesToSet, newerStats.EntriesMasked));

        var fallbackStats = calculator.Compute(fallback, all, namespaces, pods, _ => null);
        Assert.Equal((2, 0, 0), (fallbackStats.PodsSelected, fallbackStats.EntriesToSet, fallbackStats.EntriesMasked));

        var alone = calculator.Compute(newer, [newer], namespaces, pods, _ => null);
        Assert.Equal((0, 2), (alone.EntriesToSet, alone.PodEntryRenderFailures));
    }
}
