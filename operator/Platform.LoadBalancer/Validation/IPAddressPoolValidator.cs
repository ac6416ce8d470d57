using FluentValidation;
using Platform.Crds.MetalLB;
using Platform.LoadBalancer.Addressing;
using Platform.LoadBalancer.Configuration;

namespace Platform.LoadBalancer.Validation;

/// <summary>
/// Validates an IPAddressPool against the settings and the other pools — the same rules at admission and at
/// reconcile time: allowed namespace, unique name, every address parses, start ≤ end, no overlap within the
/// pool or with any other pool (the message names both), unique namespaces, valid selectors.
/// </summary>
public sealed class IPAddressPoolValidator : AbstractValidator<IPAddressPool>
{
    /// <summary>Creates the validator.</summary>
    /// <param name="options">The settings (allowed namespaces).</param>
    /// <param name="otherPools">The pools that exist; the pool being validated is recognised by namespace/name and skipped.</param>
    public IPAddressPoolValidator(LoadBalancerOptions options, IReadOnlyCollection<IPAddressPool> otherPools)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(otherPools);
        var allowed = options.EffectivePoolNamespaces;

        RuleFor(p => p.Metadata.NamespaceProperty)
            .Must(ns => ns is not null && allowed.Contains(ns))
            .OverridePropertyName("metadata.namespace")
            .WithMessage(p => $"IPAddressPool \"{p.Metadata.Name}\" is in namespace \"{p.Metadata.NamespaceProperty}\"; pools are only read from the namespaces {string.Join(", ", allowed.Select(a => $"\"{a}\""))}");

        RuleFor(p => p).Custom((pool, context) =>
        {
            var name = pool.Metadata?.Name ?? string.Empty;
            var others = otherPools.Where(o => !IsSame(o, pool)).ToList();
            var sameName = others.FirstOrDefault(o => o.Metadata?.Name == name);
            if (sameName is not null)
            {
                context.AddFailure("metadata.name", $"duplicate definition of pool \"{name}\": a pool of that name exists in namespace \"{sameName.Metadata.NamespaceProperty}\"");
            }

            var addresses = pool.Spec?.Addresses ?? [];
            if (addresses.Count == 0)
            {
                context.AddFailure("spec.addresses", "pool has no prefixes defined");
            }

            var blocks = new List<AddressBlock>();
            for (var i = 0; i < addresses.Count; i++)
            {
                if (!AddressParser.TryParseBlock(addresses[i], out var block, out var error))
                {
                    context.AddFailure($"spec.addresses[{i}]", $"{error} in pool \"{name}\"");
                    continue;
                }

                foreach (var earlier in blocks.Where(b => b.Overlaps(block)))
                {
                    context.AddFailure($"spec.addresses[{i}]", $"CIDR \"{block.Text}\" in pool \"{name}\" overlaps with already defined CIDR \"{earlier.Text}\" in pool \"{name}\"");
                }

                foreach (var other in others)
                {
                    foreach (var text in other.Spec?.Addresses ?? [])
                    {
                        if (AddressParser.TryParseBlock(text, out var theirs, out _) && theirs.Overlaps(block))
                        {
                            context.AddFailure($"spec.addresses[{i}]", $"CIDR \"{block.Text}\" in pool \"{name}\" overlaps with already defined CIDR \"{theirs.Text}\" in pool \"{other.Metadata?.Name}\"");
                        }
                    }
                }

                blocks.Add(block);
            }

            var allocation = pool.Spec?.ServiceAllocation;
            if (allocation is null)
            {
                return;
            }

            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var ns in allocation.Namespaces ?? [])
            {
                if (!seen.Add(ns))
                {
                    context.AddFailure("spec.serviceAllocation.namespaces", $"duplicate definition in namespaces field: \"{ns}\"");
                }
            }

            SelectorRules.Check(allocation.NamespaceSelectors, "spec.serviceAllocation.namespaceSelectors", context);
            SelectorRules.Check(allocation.ServiceSelectors, "spec.serviceAllocation.serviceSelectors", context);
        });
    }

    private static bool IsSame(IPAddressPool a, IPAddressPool b) =>
        a.Metadata?.Name == b.Metadata?.Name && a.Metadata?.NamespaceProperty == b.Metadata?.NamespaceProperty;
}
