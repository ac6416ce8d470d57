using Platform.Crds.MetalLB;
using Platform.LoadBalancer.Allocation;
using Platform.LoadBalancer.Configuration;
using Platform.LoadBalancer.Validation;

namespace Platform.LoadBalancer.Pools;

/// <summary>
/// Reconcile-time view of all pools: validates each with the admission rules and compiles the valid ones for
/// the allocator. Pools are taken oldest first, so when two conflict (overlap, same name) the older stays in
/// service and only the newer is reported invalid — one bad edit never takes a working pool down.
/// </summary>
public sealed class PoolCatalog
{
    private PoolCatalog(IReadOnlyList<AddressPoolDefinition> definitions, IReadOnlyDictionary<string, IReadOnlyList<string>> problems)
    {
        Definitions = definitions;
        Problems = problems;
    }

    /// <summary>The pools the allocator should use.</summary>
    public IReadOnlyList<AddressPoolDefinition> Definitions { get; }

    /// <summary>Problems by pool <c>namespace/name</c>; a pool listed here is left out.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Problems { get; }

    /// <summary>Builds the catalog from the pools in the watched namespaces.</summary>
    public static PoolCatalog Build(IEnumerable<IPAddressPool> pools, LoadBalancerOptions options)
    {
        ArgumentNullException.ThrowIfNull(pools);
        ArgumentNullException.ThrowIfNull(options);
        var accepted = new List<IPAddressPool>();
        var definitions = new List<AddressPoolDefinition>();
        var problems = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var pool in pools
            .OrderBy(p => p.Metadata?.CreationTimestamp ?? DateTime.MaxValue)
            .ThenBy(p => $"{p.Metadata?.NamespaceProperty}/{p.Metadata?.Name}", StringComparer.Ordinal))
        {
            var key = $"{pool.Metadata?.NamespaceProperty}/{pool.Metadata?.Name}";
            var result = new IPAddressPoolValidator(options, accepted).Validate(pool);
            var errors = result.Errors.Where(e => e.Severity == FluentValidation.Severity.Error).Select(e => e.ErrorMessage).ToList();
            if (errors.Count == 0)
            {
                if (AddressPoolDefinition.TryCompile(pool, out var definition, out var compileErrors))
                {
                    accepted.Add(pool);
                    definitions.Add(definition!);
                    continue;
                }

                errors.AddRange(compileErrors);
            }

            problems[key] = errors;
        }

        return new PoolCatalog(definitions, problems);
    }
}
