using Platform.Crds.MetalLB;
using Platform.LoadBalancer.Addressing;
using Platform.LoadBalancer.Selection;

namespace Platform.LoadBalancer.Allocation;

/// <summary>An IPAddressPool compiled for the allocator: parsed blocks and compiled selectors.</summary>
public sealed class AddressPoolDefinition
{
    private AddressPoolDefinition(
        string name,
        IReadOnlyList<AddressBlock> blocks,
        bool autoAssign,
        bool avoidBuggyIPs,
        bool hasServiceAllocation,
        int priority,
        IReadOnlySet<string> namespaces,
        IReadOnlyList<LabelSelectorMatcher> namespaceSelectors,
        IReadOnlyList<LabelSelectorMatcher> serviceSelectors)
    {
        Name = name;
        Blocks = blocks;
        AutoAssign = autoAssign;
        AvoidBuggyIPs = avoidBuggyIPs;
        HasServiceAllocation = hasServiceAllocation;
        Priority = priority;
        Namespaces = namespaces;
        NamespaceSelectors = namespaceSelectors;
        ServiceSelectors = serviceSelectors;
    }

    /// <summary>The pool name (pool names are unique across the watched namespaces).</summary>
    public string Name { get; }

    /// <summary>The address entries, in the order written; allocation walks them in this order.</summary>
    public IReadOnlyList<AddressBlock> Blocks { get; }

    /// <summary>Whether the pool serves automatic allocation.</summary>
    public bool AutoAssign { get; }

    /// <summary>Whether IPv4 addresses ending in .0/.255 are skipped.</summary>
    public bool AvoidBuggyIPs { get; }

    /// <summary>Whether <c>serviceAllocation</c> is set (such pools never serve non-matching Services).</summary>
    public bool HasServiceAllocation { get; }

    /// <summary>serviceAllocation.priority: lower first, 0 last.</summary>
    public int Priority { get; }

    /// <summary>serviceAllocation.namespaces.</summary>
    public IReadOnlySet<string> Namespaces { get; }

    /// <summary>serviceAllocation.namespaceSelectors.</summary>
    public IReadOnlyList<LabelSelectorMatcher> NamespaceSelectors { get; }

    /// <summary>serviceAllocation.serviceSelectors (OR).</summary>
    public IReadOnlyList<LabelSelectorMatcher> ServiceSelectors { get; }

    /// <summary>Sort key: positive priorities ascending, then priority 0; ties by name (never random).</summary>
    internal (long Priority, string Name) OrderKey => (Priority > 0 ? Priority : long.MaxValue, Name);

    /// <summary>Whether the pool may hand out this address (inside a block and not skipped as buggy).</summary>
    public bool Owns(NetAddress address)
    {
        if (AvoidBuggyIPs && address.IsBuggy)
        {
            return false;
        }

        foreach (var block in Blocks)
        {
            if (block.Contains(address))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Whether the pool's serviceAllocation admits the Service: namespace condition (namespaces or any
    /// namespaceSelector) AND service condition (any serviceSelector), each only when set.
    /// </summary>
    public bool Admits(ServiceProfile service)
    {
        ArgumentNullException.ThrowIfNull(service);
        if (!HasServiceAllocation)
        {
            return true;
        }

        if (Namespaces.Count > 0 || NamespaceSelectors.Count > 0)
        {
            var inNamespace = Namespaces.Contains(service.Namespace)
                || NamespaceSelectors.Any(s => s.Matches(service.NamespaceLabels));
            if (!inNamespace)
            {
                return false;
            }
        }

        return ServiceSelectors.Count == 0 || ServiceSelectors.Any(s => s.Matches(service.Labels));
    }

    /// <summary>Compiles a pool for the allocator; fails with every problem found.</summary>
    public static bool TryCompile(IPAddressPool pool, out AddressPoolDefinition? definition, out IReadOnlyList<string> errors)
    {
        ArgumentNullException.ThrowIfNull(pool);
        var problems = new List<string>();
        var name = pool.Metadata?.Name ?? string.Empty;
        var blocks = new List<AddressBlock>();
        var addresses = pool.Spec?.Addresses ?? [];
        if (addresses.Count == 0)
        {
            problems.Add("pool has no prefixes defined");
        }

        foreach (var entry in addresses)
        {
            if (!AddressParser.TryParseBlock(entry, out var block, out var error))
            {
                problems.Add(error);
                continue;
            }

            foreach (var earlier in blocks)
            {
                if (earlier.Overlaps(block))
                {
                    problems.Add($"CIDR \"{block.Text}\" in pool \"{name}\" overlaps with already defined CIDR \"{earlier.Text}\" in pool \"{name}\"");
                }
            }

            blocks.Add(block);
        }

        var allocation = pool.Spec?.ServiceAllocation;
        var namespaces = new HashSet<string>(StringComparer.Ordinal);
        foreach (var ns in allocation?.Namespaces ?? [])
        {
            if (!namespaces.Add(ns))
            {
                problems.Add($"duplicate definition in namespaces field: \"{ns}\"");
            }
        }

        var namespaceSelectors = CompileAll(allocation?.NamespaceSelectors, "namespaceSelectors", problems);
        var serviceSelectors = CompileAll(allocation?.ServiceSelectors, "serviceSelectors", problems);
        errors = problems;
        definition = problems.Count > 0 ? null : new AddressPoolDefinition(
            name,
            blocks,
            pool.Spec?.AutoAssign ?? true,
            pool.Spec?.AvoidBuggyIPs ?? false,
            allocation is not null,
            allocation?.Priority ?? 0,
            namespaces,
            namespaceSelectors,
            serviceSelectors);
        return definition is not null;
    }

    private static List<LabelSelectorMatcher> CompileAll(List<k8s.Models.V1LabelSelector>? selectors, string field, List<string> problems)
    {
        var compiled = new List<LabelSelectorMatcher>();
        for (var i = 0; i < (selectors?.Count ?? 0); i++)
        {
            var matcher = LabelSelectorMatcher.Compile(selectors![i], out var errors);
            problems.AddRange(errors.Select(e => $"serviceAllocation.{field}[{i}]: {e}"));
            compiled.Add(matcher);
        }

        return compiled;
    }
}
