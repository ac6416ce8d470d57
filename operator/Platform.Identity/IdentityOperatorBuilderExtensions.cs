using k8s.Models;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Platform.Crds.Spire;
using Platform.Identity.Authority;
using Platform.Identity.CertificateSigningRequests;
using Platform.Identity.Controllers;
using Platform.Identity.Federation;
using Platform.Identity.PodCertificates;
using Platform.Identity.Policies;
using Platform.Identity.Publication;
using Platform.Identity.Signing;
using Platform.Identity.Storage;
using Platform.Operator.Abstractions.Builder;
using Platform.Operator.Abstractions.Cache;
using Platform.Operator.Abstractions.Client;
using Platform.Operator.Abstractions.Leadership;
using Platform.Operator.Abstractions.Reconciliation;

namespace Platform.Identity;

/// <summary>Registers the workload-identity reconcilers with the operator host.</summary>
public static class IdentityOperatorBuilderExtensions
{
    /// <summary>
    /// Adds the PodCertificateRequest and CertificateSigningRequest signers, the ClusterSPIFFEID status
    /// reconciler and the trust-bundle publisher, with the CA kept in the Secret
    /// <see cref="IdentityOptions.CaSecretName"/> of <paramref name="suiteNamespace"/> and run by the leader only
    /// (<see cref="ILeadershipTerms"/>, registered by the runtime), and the SPIFFE bundle endpoint document source
    /// (<see cref="Federation.BundleEndpointSource"/>), which every replica serves.
    /// </summary>
    /// <param name="builder">The operator builder.</param>
    /// <param name="options">Identity settings (trust domain, signerName, CA and SVID lifetimes).</param>
    /// <param name="suiteNamespace">The suite's own namespace, where the CA Secret lives.</param>
    /// <param name="signingRate">Signatures per second the token bucket allows (SPIRE's default limit is 500/s per source).</param>
    /// <param name="signingBurst">Token-bucket burst.</param>
    /// <param name="clock">Clock for CA rotation and SVID validity (default: the host's TimeProvider).</param>
    public static IOperatorBuilder AddIdentity(
        this IOperatorBuilder builder, IdentityOptions? options = null, string suiteNamespace = "platform-system",
        double signingRate = 500, int signingBurst = 1000, TimeProvider? clock = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(suiteNamespace);
        options ??= new IdentityOptions();
        Spiffe.TrustDomain.Parse(options.TrustDomain);

        var services = builder.Services;
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(options);
        services.AddSingleton(sp => new IdentityClock(clock ?? sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<ICaSecretStore>(sp =>
            new SecretCaSecretStore(sp.GetRequiredService<IKubernetesClient>(), suiteNamespace, options.CaSecretName));
        services.AddSingleton(sp => new TrustDomainAuthority(
            options, sp.GetRequiredService<ICaSecretStore>(), sp.GetRequiredService<IdentityClock>().Time,
            sp.GetRequiredService<ILogger<TrustDomainAuthority>>()));
        services.AddSingleton<PodIdentityResolver>();
        services.AddSingleton<SvidSigner>();
        services.AddSingleton(sp => new PodCertificateRequestSigner(
            options, sp.GetRequiredService<TrustDomainAuthority>(), sp.GetRequiredService<PodIdentityResolver>(),
            sp.GetRequiredService<SvidSigner>(), sp.GetRequiredService<IdentityClock>().Time, sp.GetRequiredService<ILogger<PodCertificateRequestSigner>>()));
        services.AddSingleton(sp => new CertificateSigningRequestSigner(
            options, sp.GetRequiredService<TrustDomainAuthority>(), sp.GetRequiredService<PodIdentityResolver>(),
            sp.GetRequiredService<SvidSigner>(), sp.GetRequiredService<IdentityClock>().Time));
        services.AddSingleton<TrustBundlePublisher>();
        services.AddSingleton<ClusterSpiffeIdStatsCalculator>();
        services.AddSingleton(sp => new SigningThrottle(
            sp.GetRequiredService<TimeProvider>(), signingRate, signingBurst, Math.Max(1, Environment.ProcessorCount)));
        services.AddSingleton<PolicyCatalog>();
        services.AddSingleton(sp => new AuthorityLifecycle(
            sp.GetRequiredService<TrustDomainAuthority>(), sp.GetRequiredService<TrustBundlePublisher>(), sp.GetRequiredService<ILeadershipTerms>(),
            string.IsNullOrEmpty(options.UpstreamCaSecretName)
                ? null
                : new SecretCaSecretStore(sp.GetRequiredService<IKubernetesClient>(), suiteNamespace, options.UpstreamCaSecretName),
            sp, options, suiteNamespace, sp.GetRequiredService<IdentityClock>().Time, sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<AuthorityLifecycle>>()));

        services.AddSingleton(sp => new BundleEndpointSource(
            sp.GetRequiredService<IEntityCache<V1ClusterTrustBundle>>(), sp.GetRequiredService<TrustBundlePublisher>(), options,
            sp.GetRequiredService<ILogger<BundleEndpointSource>>()));

        // The CA runs per leadership term (see AuthorityLifecycle), not per reconcile.
        services.AddHostedService(sp => sp.GetRequiredService<AuthorityLifecycle>());

        return builder
            .AddController<PodCertificateRequestController, V1PodCertificateRequest>()
            .AddController<CertificateSigningRequestController, V1CertificateSigningRequest>()
            .AddController<ClusterSpiffeIdController, ClusterSPIFFEID>()
            .AddController<TrustBundleController, V1Namespace>()
            .Watches<ClusterSPIFFEID, V1Pod>(AllPolicies)
            .Watches<ClusterSPIFFEID, V1Namespace>(AllPolicies);
    }

    private static IEnumerable<EntityKey> AllPolicies<TSecondary>(IServiceProvider provider, TSecondary changed) =>
        provider.GetRequiredService<IEntityCache<ClusterSPIFFEID>>().List().Select(p => new EntityKey(null, p.Metadata.Name));
}
