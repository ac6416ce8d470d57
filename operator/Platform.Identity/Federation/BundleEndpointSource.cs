using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using k8s.Models;
using Microsoft.Extensions.Logging;
using Platform.Identity.Bundles;
using Platform.Identity.Controllers;
using Platform.Identity.Publication;
using Platform.Operator.Abstractions.Cache;

namespace Platform.Identity.Federation;

/// <summary>
/// The document of the SPIFFE bundle endpoint (federation, SPIRE's <c>https_web</c> profile), built from the published
/// ClusterTrustBundle (its PEM and the <c>spiffe.io/sequence</c> annotation) as the informer cache sees it. Every
/// replica has that cache, so standbys serve exactly what the leader published. Rebuilt only when the object changes.
/// </summary>
public sealed class BundleEndpointSource
{
    private readonly IEntityCache<V1ClusterTrustBundle> cache;
    private readonly string name;
    private readonly Spiffe.TrustDomain trustDomain;
    private readonly TimeSpan refreshHint;
    private readonly ILogger logger;
    private volatile Built? built;

    internal BundleEndpointSource(IEntityCache<V1ClusterTrustBundle> cache, TrustBundlePublisher publisher, IdentityOptions options, ILogger<BundleEndpointSource> logger)
    {
        this.cache = cache;
        name = publisher.ClusterTrustBundleName;
        trustDomain = Spiffe.TrustDomain.Parse(options.TrustDomain);
        refreshHint = options.BundleRefreshHint;
        this.logger = logger;
    }

    /// <summary>Completes once the ClusterTrustBundle cache has loaded (so a fresh replica does not answer 503 needlessly).</summary>
    /// <param name="cancellationToken">Stops waiting.</param>
    public Task WaitForSyncAsync(CancellationToken cancellationToken) => cache.WaitForSyncAsync(cancellationToken);

    /// <summary>The current document; null while no usable ClusterTrustBundle is published.</summary>
    public BundleEndpointDocument? Current()
    {
        var published = cache.Get(null, name);
        if (published?.Spec?.TrustBundle is not { Length: > 0 } pem)
        {
            return null;
        }

        var sequenceText = TrustBundleAnnotations.Value(published.Metadata.Annotations, TrustBundleAnnotations.Sequence);
        var previous = built;
        if (previous is not null && ReferenceEquals(previous.Pem, pem) && previous.SequenceText == sequenceText)
        {
            return previous.Document;
        }

        var document = Build(pem, sequenceText);
        built = new Built(pem, sequenceText, document);
        return document;
    }

    private BundleEndpointDocument? Build(string pem, string? sequenceText)
    {
        try
        {
            var certificates = new X509Certificate2Collection();
            certificates.ImportFromPem(pem);
            if (certificates.Count == 0)
            {
                throw new CryptographicException("no certificate in the PEM bundle");
            }

            long? sequence = long.TryParse(sequenceText, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) ? parsed : null;
            var bundle = new SpiffeBundle(trustDomain, [.. certificates], sequence, refreshHint);
            return new BundleEndpointDocument(trustDomain.Name, SpiffeBundleCodec.Encode(bundle), sequence, certificates.Count);
        }
        catch (Exception e) when (e is CryptographicException or NotSupportedException or ArgumentException)
        {
            // Edited by hand or by another writer: serve nothing rather than a wrong bundle, and say why.
            FederationLog.UnusableBundle(logger, name, e.Message);
            return null;
        }
    }

    private sealed record Built(string Pem, string? SequenceText, BundleEndpointDocument? Document);
}
