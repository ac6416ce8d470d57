using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Platform.Identity.Authority;

namespace Platform.Identity.Tests.Support;

/// <summary>A trust-domain CA on a fake clock, initialised.</summary>
internal static class TestAuthority
{
    public static readonly DateTimeOffset Start = new(2026, 11, 26, 0, 0, 0, TimeSpan.Zero);

    public static (TrustDomainAuthority Authority, FakeTimeProvider Time, InMemoryCaSecretStore Store) Create(
        string trustDomain = "example.org", CaKeyType keyType = CaKeyType.EcP256, TimeSpan? caTtl = null,
        UpstreamAuthority? upstream = null, FakeTimeProvider? time = null, InMemoryCaSecretStore? store = null)
    {
        time ??= new FakeTimeProvider(Start);
        store ??= new InMemoryCaSecretStore();
        var options = new IdentityOptions { TrustDomain = trustDomain, CaKeyType = keyType, CaTtl = caTtl ?? TimeSpan.FromHours(24) };
        var authority = new TrustDomainAuthority(options, store, time, NullLogger<TrustDomainAuthority>.Instance, upstream);
        authority.InitializeAsync(CancellationToken.None).GetAwaiter().GetResult();
        return (authority, time, store);
    }
}
