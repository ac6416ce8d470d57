using System.Text;
using System.Text.Json;
using Platform.Identity.Bundles;
using Platform.Identity.Spiffe;
using Platform.Identity.Tests.Support;

namespace Platform.Identity.Tests.Bundles;

public sealed class SpiffeBundleCodecTests
{
    [Fact]
    public void Encode_writes_x509_svid_entries_with_one_x5c_and_no_kid()
    {
        var (authority, _, _) = TestAuthority.Create();
        var json = SpiffeBundleCodec.Encode(authority.Bundle);
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        Assert.Equal(authority.Bundle.SequenceNumber, root.GetProperty("spiffe_sequence").GetInt64());
        Assert.Equal(300, root.GetProperty("spiffe_refresh_hint").GetInt64());
        var key = Assert.Single(root.GetProperty("keys").EnumerateArray());
        Assert.Equal("x509-svid", key.GetProperty("use").GetString());
        Assert.Equal("EC", key.GetProperty("kty").GetString());
        Assert.Equal("P-256", key.GetProperty("crv").GetString());
        Assert.False(key.TryGetProperty("kid", out _));
        var x5c = Assert.Single(key.GetProperty("x5c").EnumerateArray());
        Assert.Equal(authority.Active.CertificateDer, Convert.FromBase64String(x5c.GetString()!));
    }

    [Fact]
    public void Round_trip_keeps_authorities_sequence_and_hint()
    {
        var (authority, _, _) = TestAuthority.Create(keyType: Platform.Identity.Authority.CaKeyType.Rsa3072);
        var decoded = SpiffeBundleCodec.Decode(authority.TrustDomain, SpiffeBundleCodec.Encode(authority.Bundle));
        Assert.Equal(authority.Bundle.SequenceNumber, decoded.SequenceNumber);
        Assert.Equal(TimeSpan.FromMinutes(5), decoded.RefreshHint);
        Assert.Equal(authority.Bundle.X509Authorities.Select(c => c.Thumbprint), decoded.X509Authorities.Select(c => c.Thumbprint));
    }

    [Fact]
    public void Decode_ignores_unknown_use_unknown_kty_jwt_entries_and_empty_x5c_and_uses_first_x5c()
    {
        var (authority, _, _) = TestAuthority.Create();
        var der = Convert.ToBase64String(authority.Active.CertificateDer);
        var json = $$"""
        {"keys":[
          {"kty":"EC","use":"x509-svid","x5c":["{{der}}","{{der}}"]},
          {"kty":"EC","use":"jwt-svid","kid":"k1","crv":"P-256","x":"AA","y":"AA"},
          {"kty":"EC","use":"something-else","x5c":["{{der}}"]},
          {"kty":"XYZ","use":"x509-svid","x5c":["{{der}}"]},
          {"kty":"EC","x5c":["{{der}}"]},
          {"kty":"EC","use":"x509-svid","x5c":[]},
          {"kty":"EC","use":"x509-svid"}
        ],"spiffe_sequence":42,"unknown_top_level":true}
        """;
        var bundle = SpiffeBundleCodec.Decode(TrustDomain.Parse("example.org"), Encoding.UTF8.GetBytes(json));
        Assert.Single(bundle.X509Authorities);
        Assert.Equal(42, bundle.SequenceNumber);
        Assert.Null(bundle.RefreshHint);
    }

    [Theory]
    [InlineData("not json", "not valid JSON")]
    [InlineData("[]", "JSON object")]
    [InlineData("{}", "\"keys\"")]
    [InlineData("{\"keys\":{}}", "\"keys\"")]
    [InlineData("{\"keys\":[],\"spiffe_sequence\":\"x\"}", "spiffe_sequence")]
    [InlineData("{\"keys\":[],\"spiffe_refresh_hint\":-1}", "spiffe_refresh_hint")]
    [InlineData("{\"keys\":[{\"kty\":\"EC\",\"use\":\"x509-svid\",\"x5c\":[\"!!!\"]}]}", "base64")]
    [InlineData("{\"keys\":[{\"kty\":\"EC\",\"use\":\"x509-svid\",\"x5c\":[\"AAAA\"]}]}", "not an X.509")]
    public void Malformed_bundles_fail_with_a_reason(string json, string expected)
    {
        var exception = Assert.Throws<FormatException>(() => SpiffeBundleCodec.Decode(TrustDomain.Parse("td"), Encoding.UTF8.GetBytes(json)));
        Assert.Contains(expected, exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Empty_keys_is_a_valid_bundle_with_no_authorities()
    {
        var bundle = SpiffeBundleCodec.Decode(TrustDomain.Parse("td"), "{\"keys\":[]}"u8);
        Assert.Empty(bundle.X509Authorities);
    }
}
