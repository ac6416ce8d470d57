using System.Globalization;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using k8s;
using k8s.Models;
using Microsoft.Extensions.DependencyInjection;
using Platform.Identity.Bundles;
using Platform.Identity.Spiffe;
using Platform.Operator.Abstractions.Leadership;
using Platform.Testing.Polling;

namespace Platform.E2E.Tests.Identity;

/// <summary>
/// The SPIFFE bundle endpoint for federation (SPIRE's https_web profile): served over TLS by every replica from the
/// published ClusterTrustBundle, sequence bumped by CA rotation, GET only.
/// </summary>
public sealed class BundleEndpointTests(FederationReplicas replicas) : IClassFixture<FederationReplicas>
{
    private string CtbName => replicas.Options.SignerName.Replace('/', ':') + ":" + replicas.Options.TrustDomain;

    [Fact]
    public async Task A_standby_replica_serves_the_published_bundle_over_TLS_and_follows_a_CA_rotation()
    {
        Assert.False(replicas.Standby.Services.GetRequiredService<ILeadershipTerms>().IsLeading);
        using var client = BundleEndpointClient.TrustingOnly(await ServingCaAsync());
        var url = FederationReplicas.Url(replicas.Standby);

        var published = await PublishedAsync(b => b.Metadata.Annotations?.ContainsKey("spiffe.io/sequence") == true);
        var sequence = long.Parse(published.Metadata.Annotations["spiffe.io/sequence"], CultureInfo.InvariantCulture);
        var (bundle, json) = await FetchAsync(client, url, sequence);
        AssertMatches(published, bundle, json);
        Assert.Equal(TimeSpan.FromSeconds(90), bundle.RefreshHint);

        // The leader's identity clock passes half the CA's life: the next CA is published (sequence + 1) and the
        // standby serves it without ever leading.
        replicas.IdentityTime.Advance(TimeSpan.FromHours(12) + TimeSpan.FromMinutes(1));
        var rotated = await PublishedAsync(b => b.Metadata.Annotations?["spiffe.io/sequence"] == (sequence + 1).ToString(CultureInfo.InvariantCulture));
        var (next, nextJson) = await FetchAsync(client, url, sequence + 1);
        AssertMatches(rotated, next, nextJson);
        Assert.Equal(2, next.X509Authorities.Count);
        Assert.False(replicas.Standby.Services.GetRequiredService<ILeadershipTerms>().IsLeading);

        // The leader's own endpoint serves the same document.
        var (fromLeader, _) = await FetchAsync(client, FederationReplicas.Url(replicas.Leader), sequence + 1);
        Assert.Equal(next.X509Authorities.Select(c => c.Thumbprint), fromLeader.X509Authorities.Select(c => c.Thumbprint));
    }

    [Theory]
    [InlineData("POST")]
    [InlineData("PUT")]
    [InlineData("DELETE")]
    [InlineData("HEAD")]
    public async Task Methods_other_than_GET_are_refused_with_405(string method)
    {
        using var client = BundleEndpointClient.TrustingOnly(await ServingCaAsync());
        using var request = new HttpRequestMessage(new HttpMethod(method), FederationReplicas.Url(replicas.Standby));
        if (method is "POST" or "PUT")
        {
            request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
        }

        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal(["GET"], response.Content.Headers.Allow);
    }

    [Fact]
    public async Task Other_paths_are_404_and_a_client_without_the_serving_CA_is_refused_at_the_handshake()
    {
        using var client = BundleEndpointClient.TrustingOnly(await ServingCaAsync());
        using var response = await client.GetAsync(new Uri(FederationReplicas.Url(replicas.Standby), "/bundle.json"));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);

        using var stranger = BundleEndpointClient.TrustingSystemRoots();
        await Assert.ThrowsAsync<HttpRequestException>(() => stranger.GetAsync(FederationReplicas.Url(replicas.Standby)));
    }

    private static void AssertMatches(V1ClusterTrustBundle published, SpiffeBundle bundle, JsonDocument json)
    {
        var expected = new X509Certificate2Collection();
        expected.ImportFromPem(published.Spec.TrustBundle);
        Assert.Equal(expected.Select(c => c.Thumbprint), bundle.X509Authorities.Select(c => c.Thumbprint));
        var keys = json.RootElement.GetProperty("keys").EnumerateArray().ToList();
        Assert.Equal(expected.Count, keys.Count);
        Assert.All(keys, k =>
        {
            Assert.Equal("x509-svid", k.GetProperty("use").GetString());
            Assert.False(k.TryGetProperty("kid", out _));
            Assert.Equal(1, k.GetProperty("x5c").GetArrayLength());
        });
        Assert.Equal(published.Metadata.Annotations["spiffe.io/sequence"], json.RootElement.GetProperty("spiffe_sequence").GetInt64().ToString(CultureInfo.InvariantCulture));
        Assert.Equal(90, json.RootElement.GetProperty("spiffe_refresh_hint").GetInt64());
    }

    private async Task<(SpiffeBundle Bundle, JsonDocument Json)> FetchAsync(HttpClient client, Uri url, long sequence)
    {
        var body = await Eventually.GetAsync(
            async () =>
            {
                using var response = await client.GetAsync(url);
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    return null;
                }

                Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
                var bytes = await response.Content.ReadAsByteArrayAsync();
                return SpiffeBundleCodec.Decode(TrustDomain.Parse(replicas.Options.TrustDomain), bytes).SequenceNumber == sequence ? bytes : null;
            },
            $"the bundle endpoint {url} serving sequence {sequence}");
        return (SpiffeBundleCodec.Decode(TrustDomain.Parse(replicas.Options.TrustDomain), body), JsonDocument.Parse(body));
    }

    private Task<V1ClusterTrustBundle> PublishedAsync(Func<V1ClusterTrustBundle, bool> condition) =>
        Eventually.GetAsync(
            async () => (await replicas.Client.CertificatesV1.ListClusterTrustBundleAsync()).Items.FirstOrDefault(b => b.Metadata.Name == CtbName && condition(b)),
            $"ClusterTrustBundle {CtbName}");

    private async Task<X509Certificate2> ServingCaAsync()
    {
        var secret = await Eventually.GetAsync(
            async () =>
            {
                var list = await replicas.Client.CoreV1.ListNamespacedSecretAsync(FederationReplicas.SuiteNamespace);
                return list.Items.FirstOrDefault(s => s.Metadata.Name == "platform-webhook-ca");
            },
            "the serving CA Secret");
        return X509Certificate2.CreateFromPem(Encoding.ASCII.GetString(secret.Data["ca.crt"]));
    }
}
