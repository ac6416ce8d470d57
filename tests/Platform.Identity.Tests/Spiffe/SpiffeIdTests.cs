using Platform.Identity.Spiffe;

namespace Platform.Identity.Tests.Spiffe;

public sealed class SpiffeIdTests
{
    [Theory]
    [InlineData("spiffe://trustdomain", "trustdomain", "")]
    [InlineData("spiffe://trustdomain/path", "trustdomain", "/path")]
    [InlineData("spiffe://trustdomain/path1/path2", "trustdomain", "/path1/path2")]
    [InlineData("spiffe://trust-domain.example_1/ns/default/sa/web", "trust-domain.example_1", "/ns/default/sa/web")]
    [InlineData("spiffe://192.168.1.1/x", "192.168.1.1", "/x")]
    [InlineData("spiffe://td/.../.path/..path/a.b", "td", "/.../.path/..path/a.b")]
    [InlineData("spiffe://td/AbC-_.09", "td", "/AbC-_.09")]
    public void Valid_ids_parse(string text, string trustDomain, string path)
    {
        var id = SpiffeId.Parse(text);
        Assert.Equal(trustDomain, id.TrustDomain.Name);
        Assert.Equal(path, id.Path);
        Assert.Equal(text, id.ToString());
    }

    [Theory]
    [InlineData("", "cannot be empty")]
    [InlineData("SPIFFE://td/path", "scheme is missing or invalid")]
    [InlineData("Spiffe://td/path", "scheme is missing or invalid")]
    [InlineData("http://td/path", "scheme is missing or invalid")]
    [InlineData("spiffe:/td/path", "scheme is missing or invalid")]
    [InlineData("spiffe:td/path", "scheme is missing or invalid")]
    [InlineData("spiffe://", "trust domain is missing")]
    [InlineData("spiffe:///path", "trust domain is missing")]
    [InlineData("spiffe://Trustdomain/path", "trust domain characters are limited")]
    [InlineData("spiffe://TRUSTDOMAIN", "trust domain characters are limited")]
    [InlineData("spiffe://td:8080/path", "trust domain characters are limited")]
    [InlineData("spiffe://user:pass@td/path", "trust domain characters are limited")]
    [InlineData("spiffe://[::1]/path", "trust domain characters are limited")]
    [InlineData("spiffe://td%41/path", "trust domain characters are limited")]
    [InlineData("spiffe://tdé/path", "trust domain characters are limited")]
    [InlineData("spiffe://td/path?query=1", "path segment characters are limited")]
    [InlineData("spiffe://td/path#fragment", "path segment characters are limited")]
    [InlineData("spiffe://td/pa%41th", "path segment characters are limited")]
    [InlineData("spiffe://td/pa:th", "path segment characters are limited")]
    [InlineData("spiffe://td/pa@th", "path segment characters are limited")]
    [InlineData("spiffe://td/pa th", "path segment characters are limited")]
    [InlineData("spiffe://td/päth", "path segment characters are limited")]
    [InlineData("spiffe://td//path", "path cannot contain empty segments")]
    [InlineData("spiffe://td/a//b", "path cannot contain empty segments")]
    [InlineData("spiffe://td/.", "path cannot contain dot segments")]
    [InlineData("spiffe://td/..", "path cannot contain dot segments")]
    [InlineData("spiffe://td/a/./b", "path cannot contain dot segments")]
    [InlineData("spiffe://td/a/../b", "path cannot contain dot segments")]
    [InlineData("spiffe://td/", "path cannot have a trailing slash")]
    [InlineData("spiffe://td/path/", "path cannot have a trailing slash")]
    public void Invalid_ids_are_rejected_with_the_rule_broken(string text, string expected)
    {
        Assert.False(SpiffeId.TryParse(text, out var id, out var error));
        Assert.Null(id);
        Assert.StartsWith(expected, error, StringComparison.Ordinal);
        var exception = Assert.Throws<FormatException>(() => SpiffeId.Parse(text));
        Assert.Contains(expected, exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_ascii_character_follows_the_spec_charsets()
    {
        for (var c = (char)1; c < 128; c++)
        {
            var inTrustDomain = c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '.' or '-' or '_';
            var inPath = inTrustDomain || c is >= 'A' and <= 'Z';
            if (c != '/')
            {
                Assert.Equal(inTrustDomain, SpiffeId.TryParse($"spiffe://t{c}d/p", out _, out _));
                Assert.Equal(inPath && c != '.', SpiffeId.TryParse($"spiffe://td/{c}", out _, out _) && c != '.');
            }
        }
    }

    [Fact]
    public void Trust_domain_is_limited_to_255_bytes()
    {
        Assert.True(SpiffeId.TryParse("spiffe://" + new string('a', 255) + "/p", out _, out _));
        Assert.False(SpiffeId.TryParse("spiffe://" + new string('a', 256) + "/p", out _, out var error));
        Assert.Contains("255", error, StringComparison.Ordinal);
        Assert.False(TrustDomain.TryParse(new string('a', 256), out _, out _));
    }

    [Fact]
    public void Ids_over_2048_bytes_are_not_minted()
    {
        var td = TrustDomain.Parse("example.org");
        var fits = "/" + new string('a', 2048 - "spiffe://example.org/".Length);
        Assert.Equal(2048, SpiffeId.FromPath(td, fits).ToString().Length);
        var exception = Assert.Throws<FormatException>(() => SpiffeId.FromPath(td, fits + "a"));
        Assert.Contains("2048", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Minting_validates_segments()
    {
        var td = TrustDomain.Parse("example.org");
        Assert.Equal("spiffe://example.org/ns/default/sa/web", SpiffeId.FromSegments(td, "ns", "default", "sa", "web").ToString());
        Assert.Equal("spiffe://example.org", SpiffeId.FromSegments(td).ToString());
        Assert.Throws<FormatException>(() => SpiffeId.FromSegments(td, "ns", ""));
        Assert.Throws<FormatException>(() => SpiffeId.FromSegments(td, ".."));
        Assert.Throws<FormatException>(() => SpiffeId.FromSegments(td, "a/b c"));
    }

    [Theory]
    [InlineData("example.org", "example.org")]
    [InlineData("spiffe://example.org", "example.org")]
    [InlineData("spiffe://example.org/path", "example.org")]
    public void Trust_domain_accepts_names_and_ids(string text, string expected) =>
        Assert.Equal(expected, TrustDomain.Parse(text).Name);

    [Theory]
    [InlineData("")]
    [InlineData("Example.org")]
    [InlineData("example.org:443")]
    [InlineData("spiffe://")]
    public void Invalid_trust_domains_are_rejected(string text) => Assert.False(TrustDomain.TryParse(text, out _, out _));

    [Fact]
    public void Equality_is_by_value()
    {
        Assert.Equal(SpiffeId.Parse("spiffe://td/a"), SpiffeId.Parse("spiffe://td/a"));
        Assert.NotEqual(SpiffeId.Parse("spiffe://td/a"), SpiffeId.Parse("spiffe://td/A"));
        Assert.True(SpiffeId.Parse("spiffe://td/a").MemberOf(TrustDomain.Parse("td")));
        Assert.False(SpiffeId.Parse("spiffe://td/a").MemberOf(TrustDomain.Parse("other")));
    }
}
