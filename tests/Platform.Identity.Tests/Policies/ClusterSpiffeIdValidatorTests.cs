using k8s.Models;
using Platform.Crds.Spire;
using Platform.Identity.Policies;
using Platform.Identity.Tests.Support;

namespace Platform.Identity.Tests.Policies;

public sealed class ClusterSpiffeIdValidatorTests
{
    private static readonly ClusterSpiffeIdValidator Validator = new(new IdentityOptions { TrustDomain = "example.org" });

    private static ClusterSPIFFEID With(Action<ClusterSPIFFEIDSpec> change)
    {
        var policy = PodFixtures.Policy("p", "spiffe://{{ .TrustDomain }}/ns/{{ .PodMeta.Namespace }}/sa/{{ .PodSpec.ServiceAccountName }}", DateTime.UtcNow);
        change(policy.Spec);
        return policy;
    }

    [Fact]
    public void The_upstream_example_is_valid()
    {
        var result = Validator.Validate(With(s =>
        {
            s.DnsNameTemplates = ["{{ .PodMeta.Name }}.{{ .PodMeta.Namespace }}.svc"];
            s.Ttl = "1h30m";
            s.FederatesWith = ["partner.org"];
            s.PodSelector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = "web" } };
        }));
        Assert.True(result.IsValid, string.Join("; ", result.Errors));
    }

    [Fact]
    public void Label_templates_validate_for_any_label_value()
    {
        Assert.True(Validator.Validate(With(s => s.SpiffeIDTemplate = "spiffe://example.org/app/{{ index .PodMeta.Labels \"app.kubernetes.io/name\" }}")).IsValid);
    }

    [Theory]
    [InlineData("", "empty SPIFFEID template")]
    [InlineData("spiffe://{{ if .X }}", "supported are")]
    [InlineData("spiffe://example.org", "has no path")]
    [InlineData("spiffe://example.org/{{ .PodMeta.Namespace }}/", "trailing slash")]
    [InlineData("http://example.org/x", "not a valid SPIFFE ID")]
    public void Bad_id_templates_are_refused_with_a_reason(string template, string expected)
    {
        var result = Validator.Validate(With(s => s.SpiffeIDTemplate = template));
        Assert.False(result.IsValid);
        Assert.Contains(result.Errors, e => e.ErrorMessage.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void A_template_for_another_trust_domain_is_accepted_with_a_warning()
    {
        // Upstream examples hard-code their trust domain (spiffe://domain.test/...); such manifests must apply unchanged.
        var result = Validator.Validate(With(s => s.SpiffeIDTemplate = "spiffe://other.org/ns/{{ .PodMeta.Namespace }}"));
        var failure = Assert.Single(result.Errors);
        Assert.Equal(FluentValidation.Severity.Warning, failure.Severity);
        Assert.Contains("outside this cluster's trust domain", failure.ErrorMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("-1h", "must not be negative")]
    [InlineData("soon", "is not a duration")]
    public void Ttl_must_be_a_non_negative_duration(string ttl, string expected)
    {
        var result = Validator.Validate(With(s => s.Ttl = ttl));
        Assert.Contains(result.Errors, e => e.ErrorMessage.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Bad_dns_templates_selectors_and_federation_are_refused()
    {
        Assert.Contains(Validator.Validate(With(s => s.DnsNameTemplates = ["Bad_Name.{{ .PodMeta.Namespace }}"])).Errors,
            e => e.ErrorMessage.Contains("RFC 1123", StringComparison.Ordinal));
        Assert.Contains(Validator.Validate(With(s => s.PodSelector = new V1LabelSelector { MatchExpressions = [new V1LabelSelectorRequirement { Key = "a", OperatorProperty = "Like" }] })).Errors,
            e => e.ErrorMessage.Contains("not one of In, NotIn", StringComparison.Ordinal));
        Assert.Contains(Validator.Validate(With(s => s.FederatesWith = ["Not A Domain"])).Errors,
            e => e.ErrorMessage.Contains("federatesWith", StringComparison.Ordinal));
    }
}
