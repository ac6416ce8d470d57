using Platform.Crds.MetalLB;

namespace Platform.Webhooks.LoadBalancer;

/// <summary>The IPAddressPools that exist now, read at admission time so overlap is judged against every pool.</summary>
internal interface IPAddressPoolSource
{
    /// <summary>Lists the pools of <paramref name="namespaces"/>.</summary>
    /// <exception cref="PoolListingException">The pools could not be read.</exception>
    Task<IReadOnlyList<IPAddressPool>> ListAsync(IReadOnlyList<string> namespaces, CancellationToken cancellationToken);
}
