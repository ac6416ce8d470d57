using Platform.Registry.Hosts;

namespace Platform.Registry.Tests.Hosts;

public sealed class DomainNameRulesTests
{
    [Theory]
    [InlineData("istio.io")]
    [InlineData("*.istio.io")]
    [InlineData("*istio.io")]
    [InlineData("*-istio.io")]
    [InlineData("foo")]
    [InlineData("Foo.Example.COM")]
    [InlineData("istio.io.")]
    [InlineData("*.")]
    [InlineData("123")]
    [InlineData("a.99999999999999999999")]
    public void Wildcard_domain_accepts_what_Istio_accepts(string domain) =>
        Assert.Null(DomainNameRules.ValidateWildcardDomain(domain));

    [Theory]
    [InlineData("", "empty domain name not allowed")]
    [InlineData("-", "domain name \"-\" invalid (label \"-\" invalid)")]
    [InlineData("foo.*.com", "domain name \"*.com\" invalid (label \"*\" invalid)")]
    [InlineData("foo*.com", "domain name \"foo*.com\" invalid (label \"foo*\" invalid)")]
    [InlineData("**.com", "domain name \"**.com\" invalid (label \"**\" invalid)")]
    [InlineData("a..b", "domain name \".b\" invalid (label \"\" invalid)")]
    [InlineData("foo.123", "domain name \"123\" invalid (top level domain \"123\" cannot be all-numeric)")]
    [InlineData("foo.-1", "domain name \"-1\" invalid (top level domain \"-1\" cannot be all-numeric)")]
    [InlineData("foo_bar.com", "domain name \"foo_bar.com\" invalid (label \"foo_bar\" invalid)")]
    public void Wildcard_domain_rejects_with_Istios_message(string domain, string message) =>
        Assert.Equal(message, DomainNameRules.ValidateWildcardDomain(domain));

    [Fact]
    public void Names_longer_than_255_bytes_are_too_long()
    {
        var name = string.Join('.', Enumerable.Repeat(new string('a', 63), 5));

        Assert.Equal($"domain name \"{name}\" too long (max 255)", DomainNameRules.ValidateFqdn(name));
    }

    [Fact]
    public void Labels_longer_than_63_characters_are_invalid()
    {
        var label = new string('a', 64);

        Assert.Equal($"domain name \"{label}.com\" invalid (label \"{label}\" invalid)", DomainNameRules.ValidateFqdn($"{label}.com"));
    }

    [Theory]
    [InlineData("google.com", null)]
    [InlineData("foo", null)]
    [InlineData("*.google.com", "domain name \"*.google.com\" invalid (label \"*\" invalid)")]
    [InlineData("1.2.3.4", "domain name \"1.2.3.4\" invalid (top level domain \"4\" cannot be all-numeric)")]
    public void Fqdn_rejects_wildcards_and_numeric_tops(string name, string? message) =>
        Assert.Equal(message, DomainNameRules.ValidateFqdn(name));

    [Theory]
    [InlineData("*washingtonpost.com", true)]
    [InlineData("*x", true)]
    [InlineData("foo*.com", true)]
    [InlineData("*.washingtonpost.com", false)]
    [InlineData("*", false)]
    [InlineData("washingtonpost.com", false)]
    public void Partial_wildcards_are_flagged(string host, bool flagged) =>
        Assert.Equal(flagged ? $"partial wildcard \"{host}\" not allowed" : null, DomainNameRules.PartialWildcardWarning(host));

    [Theory]
    [InlineData("a", true)]
    [InlineData("A-1", true)]
    [InlineData("-a", false)]
    [InlineData("a-", false)]
    [InlineData("a.b", false)]
    [InlineData("", false)]
    public void Dns1123_labels_allow_upper_case(string label, bool valid) => Assert.Equal(valid, Dns1123Label.IsLabel(label));

    [Theory]
    [InlineData("*", true)]
    [InlineData("*foo", true)]
    [InlineData("*-foo", true)]
    [InlineData("*--foo", false)]
    [InlineData("f*o", false)]
    [InlineData("*-", false)]
    public void Wildcard_labels_allow_a_leading_star(string label, bool valid) => Assert.Equal(valid, Dns1123Label.IsWildcardLabel(label));
}
