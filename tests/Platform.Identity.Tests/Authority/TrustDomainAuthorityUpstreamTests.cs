using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Platform.Identity.Authority;
using Platform.Identity.Signing;
using Platform.Identity.Spiffe;
using Platform.Identity.Svid;
using Platform.Identity.Tests.Support;

namespace Platform.Identity.Tests.Authority;

/// <summary>Upstream-CA mode as each leadership term loads it: mode switches, upstream changes and leaf chains.</summary>
public sealed class TrustDomainAuthorityUpstreamTests
{
    private readonly FakeTimeProvider time = new(TestAuthority.Start);
    private readonly InMemoryCaSecretStore store = new();

    [Fact]
    public async Task Leaf_chains_carry_our_intermediate_and_the_upstream_intermediate_and_verify_against_the_upstream_root()
    {
        using var upstream = new UpstreamCa(time.GetUtcNow(), withIntermediate: true);
        var authority = await LoadAsync(UpstreamAuthority.FromSecretData(upstream.SecretData()));

        Assert.Equal(upstream.Root.Thumbprint, Assert.Single(authority.Bundle.X509Authorities).Thumbprint);
        Assert.Equal(upstream.Intermediate!.Subject, authority.Active.Certificate.Issuer);
        var svid = Issue(authority);
        Assert.Equal(3, svid.ChainDer.Count);
        Assert.Equal(upstream.Intermediate.RawData, svid.ChainDer[2]);

        using var dir = new TempDirectory();
        var (code, output) = OpenSsl.VerifyStrict(dir, upstream.Root.ExportCertificatePem(), svid.ToPem(), time.GetUtcNow());
        Assert.True(code == 0, output);
        var chain = svid.ChainDer.Select(d => X509CertificateLoader.LoadCertificate(d)).ToList();
        Assert.True(new X509SvidVerifier(_ => [upstream.Root]).Verify(chain, time.GetUtcNow()).IsValid);
    }

    [Fact]
    public async Task A_term_with_the_same_upstream_reuses_the_stored_intermediate_without_writing()
    {
        using var upstream = new UpstreamCa(time.GetUtcNow());
        var first = await LoadAsync(UpstreamAuthority.FromSecretData(upstream.SecretData()));
        var saves = store.SaveCount;

        var next = await LoadAsync(UpstreamAuthority.FromSecretData(upstream.SecretData()));
        Assert.Equal(first.Active.Certificate.Thumbprint, next.Active.Certificate.Thumbprint);
        Assert.Equal(first.Bundle.SequenceNumber, next.Bundle.SequenceNumber);
        Assert.Equal(saves, store.SaveCount);
    }

    [Fact]
    public async Task Switching_between_self_signed_and_upstream_modes_or_upstreams_replaces_the_CA_and_bumps_the_sequence()
    {
        var selfSigned = await LoadAsync(null);
        var root = selfSigned.Active.Certificate.Thumbprint;
        var sequence = selfSigned.Bundle.SequenceNumber!.Value;

        using var corp = new UpstreamCa(time.GetUtcNow(), name: "Corp");
        var underCorp = await LoadAsync(UpstreamAuthority.FromSecretData(corp.SecretData()));
        Assert.False(underCorp.Active.IsSelfSigned);
        Assert.DoesNotContain(underCorp.Slots, s => s.Authority.Certificate.Thumbprint == root);
        Assert.Equal(corp.Root.Thumbprint, Assert.Single(underCorp.Bundle.X509Authorities).Thumbprint);
        Assert.Equal(sequence + 1, underCorp.Bundle.SequenceNumber);

        using var other = new UpstreamCa(time.GetUtcNow(), name: "Other");
        var underOther = await LoadAsync(UpstreamAuthority.FromSecretData(other.SecretData()));
        Assert.Equal(other.Root.Subject, underOther.Active.Certificate.Issuer);
        Assert.Equal(other.Root.Thumbprint, Assert.Single(underOther.Bundle.X509Authorities).Thumbprint);
        Assert.Equal(sequence + 2, underOther.Bundle.SequenceNumber);

        var back = await LoadAsync(null);
        Assert.True(back.Active.IsSelfSigned);
        Assert.Equal(back.Active.Certificate.Thumbprint, Assert.Single(back.Bundle.X509Authorities).Thumbprint);
        Assert.Equal(sequence + 3, back.Bundle.SequenceNumber);
    }

    [Fact]
    public async Task Rotation_under_an_upstream_keeps_the_bundle_and_its_sequence()
    {
        using var upstream = new UpstreamCa(time.GetUtcNow());
        var authority = await LoadAsync(UpstreamAuthority.FromSecretData(upstream.SecretData()));
        var first = authority.Active.Certificate.Thumbprint;
        var sequence = authority.Bundle.SequenceNumber;
        var changes = 0;
        authority.BundleChanged += (_, _) => changes++;

        time.Advance(TimeSpan.FromHours(12));
        Assert.True(await authority.RotateAsync(CancellationToken.None));
        time.Advance(TimeSpan.FromHours(8));
        Assert.True(await authority.RotateAsync(CancellationToken.None));

        Assert.NotEqual(first, authority.Active.Certificate.Thumbprint);
        Assert.Equal(upstream.Root.Subject, authority.Active.Certificate.Issuer);
        Assert.Equal(sequence, authority.Bundle.SequenceNumber);
        Assert.Equal(0, changes);
    }

    [Fact]
    public async Task An_expired_upstream_CA_mints_no_intermediate_and_writes_nothing()
    {
        using var upstream = new UpstreamCa(time.GetUtcNow());
        var authority = await LoadAsync(UpstreamAuthority.FromSecretData(upstream.SecretData()));
        var saves = store.SaveCount;

        time.Advance(TimeSpan.FromDays(366));
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => authority.RotateAsync(CancellationToken.None));
        Assert.Contains("upstream CA expired", refused.Message, StringComparison.Ordinal);
        Assert.Equal(saves, store.SaveCount);
    }

    [Fact]
    public async Task A_forgotten_authority_refuses_to_sign_and_never_rotates()
    {
        var authority = await LoadAsync(null);
        var saves = store.SaveCount;
        await authority.ForgetAsync();
        Assert.False(authority.IsInitialized);
        Assert.Throws<InvalidOperationException>(() => authority.Active);
        time.Advance(TimeSpan.FromHours(30));
        Assert.False(await authority.RotateAsync(CancellationToken.None));
        Assert.Equal(saves, store.SaveCount);
    }

    private async Task<TrustDomainAuthority> LoadAsync(UpstreamAuthority? upstream)
    {
        var authority = new TrustDomainAuthority(new IdentityOptions { TrustDomain = "example.org" }, store, time, NullLogger<TrustDomainAuthority>.Instance);
        await authority.InitializeAsync(upstream, CancellationToken.None);
        return authority;
    }

    private IssuedSvid Issue(TrustDomainAuthority authority)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        Assert.True(CertificationRequestReader.TryRead(WorkloadKeys.StubRequest(key), out var request, out _));
        return new SvidSigner().Issue(
            new SvidRequest(SpiffeId.Parse("spiffe://example.org/w"), [], request!.PublicKey, request.KeyType!.Value, TimeSpan.FromHours(1)), authority.Active, time.GetUtcNow());
    }
}
