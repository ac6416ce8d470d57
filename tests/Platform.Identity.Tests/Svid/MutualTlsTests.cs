using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Platform.Identity.Authority;
using Platform.Identity.Signing;
using Platform.Identity.Spiffe;
using Platform.Identity.Svid;
using Platform.Identity.Tests.Support;

namespace Platform.Identity.Tests.Svid;

public sealed class MutualTlsTests
{
    private static X509Certificate2 SvidWithKey(TrustDomainAuthority authority, string id)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        Assert.True(CertificationRequestReader.TryRead(WorkloadKeys.StubRequest(key), out var request, out _));
        var svid = new SvidSigner().Issue(
            new SvidRequest(SpiffeId.Parse(id), [], request!.PublicKey, request.KeyType!.Value, TimeSpan.FromHours(1)), authority.Active, DateTimeOffset.UtcNow);
        using var leaf = X509CertificateLoader.LoadCertificate(svid.LeafDer);
        using var withKey = leaf.CopyWithPrivateKey(key);

        // Round-trip through PKCS#12 so the key is usable by the TLS stack on every platform.
        return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
    }

    private static async Task<(SvidVerificationResult? ServerSaw, SvidVerificationResult? ClientSaw, Exception? Error)> HandshakeAsync(
        X509Certificate2 serverCert, X509Certificate2 clientCert, X509SvidVerifier verifier)
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        SvidVerificationResult? serverSaw = null;
        SvidVerificationResult? clientSaw = null;

        bool Validate(X509Certificate? certificate, X509Chain? chain, ref SvidVerificationResult? seen)
        {
            if (certificate is null)
            {
                return false;
            }

            var leaf = new X509Certificate2(certificate);
            var presented = new List<X509Certificate2> { leaf };

            // SslStream puts the whole peer chain (leaf included) into ExtraStore.
            presented.AddRange(chain?.ChainPolicy.ExtraStore.Cast<X509Certificate2>().Where(c => c.Thumbprint != leaf.Thumbprint) ?? []);
            seen = verifier.Verify(presented, DateTimeOffset.UtcNow);
            return seen.IsValid;
        }

        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var serverTask = Task.Run(async () =>
        {
            using var tcp = await listener.AcceptTcpClientAsync(cts.Token);
            await using var ssl = new SslStream(tcp.GetStream(), false, (_, c, ch, _) => Validate(c, ch, ref serverSaw));
            await ssl.AuthenticateAsServerAsync(new SslServerAuthenticationOptions
            {
                ServerCertificate = serverCert,
                ClientCertificateRequired = true,
                EnabledSslProtocols = System.Security.Authentication.SslProtocols.Tls13,
            }, cts.Token);
            var buffer = new byte[4];
            await ssl.ReadExactlyAsync(buffer, cts.Token);
            await ssl.WriteAsync(buffer, cts.Token);
        }, cts.Token);

        Exception? error = null;
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, port, cts.Token);
            await using var ssl = new SslStream(client.GetStream(), false, (_, c, ch, _) => Validate(c, ch, ref clientSaw));
            await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
            {
                TargetHost = "workload",
                ClientCertificates = [clientCert],
                EnabledSslProtocols = System.Security.Authentication.SslProtocols.Tls13,
            }, cts.Token);
            await ssl.WriteAsync("ping"u8.ToArray(), cts.Token);
            var echo = new byte[4];
            await ssl.ReadExactlyAsync(echo, cts.Token);
            Assert.Equal("ping"u8.ToArray(), echo);
            await serverTask;
        }
        catch (Exception e) when (e is System.Security.Authentication.AuthenticationException or IOException)
        {
            error = e;
            try
            {
                await serverTask;
            }
            catch (Exception serverError) when (serverError is System.Security.Authentication.AuthenticationException or IOException)
            {
            }
        }

        return (serverSaw, clientSaw, error);
    }

    [Fact]
    public async Task Two_svids_of_the_trust_domain_authenticate_each_other()
    {
        var (authority, _, _) = TestAuthority.Create(time: new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow));
        using var server = SvidWithKey(authority, "spiffe://example.org/ns/a/sa/server");
        using var client = SvidWithKey(authority, "spiffe://example.org/ns/b/sa/client");
        var verifier = new X509SvidVerifier(td => td.Equals(authority.TrustDomain) ? authority.Bundle.X509Authorities : null);

        var (serverSaw, clientSaw, error) = await HandshakeAsync(server, client, verifier);
        Assert.True(error is null, $"{error?.Message} server saw: {serverSaw?.Error} client saw: {clientSaw?.Error}");
        Assert.Equal("spiffe://example.org/ns/b/sa/client", serverSaw!.Id!.ToString());
        Assert.Equal("spiffe://example.org/ns/a/sa/server", clientSaw!.Id!.ToString());
    }

    [Fact]
    public async Task Svid_of_another_trust_domain_is_refused()
    {
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow);
        var (ours, _, _) = TestAuthority.Create(time: clock);
        var (theirs, _, _) = TestAuthority.Create(trustDomain: "other.org", time: clock);
        using var server = SvidWithKey(ours, "spiffe://example.org/ns/a/sa/server");
        using var intruder = SvidWithKey(theirs, "spiffe://other.org/ns/b/sa/client");
        var verifier = new X509SvidVerifier(td => td.Equals(ours.TrustDomain) ? ours.Bundle.X509Authorities : null);

        var (serverSaw, _, error) = await HandshakeAsync(server, intruder, verifier);
        Assert.NotNull(error);
        Assert.False(serverSaw!.IsValid);
        Assert.Contains("no X.509 authorities for trust domain \"other.org\"", serverSaw.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Svid_claiming_our_trust_domain_but_signed_by_another_ca_is_refused()
    {
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow);
        var (ours, _, _) = TestAuthority.Create(time: clock);
        var (impostor, _, _) = TestAuthority.Create(time: clock);
        using var forged = SvidWithKey(impostor, "spiffe://example.org/ns/b/sa/client");
        var verifier = new X509SvidVerifier(_ => ours.Bundle.X509Authorities);
        var result = verifier.Verify([forged], DateTimeOffset.UtcNow);
        Assert.False(result.IsValid);
        Assert.Contains("does not verify against the bundle", result.Error, StringComparison.Ordinal);
    }
}
