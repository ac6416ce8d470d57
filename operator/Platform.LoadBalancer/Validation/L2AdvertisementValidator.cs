using FluentValidation;
using Platform.Crds.MetalLB;
using Platform.LoadBalancer.Configuration;

namespace Platform.LoadBalancer.Validation;

/// <summary>
/// Validates an L2Advertisement: allowed namespace, unique pool names, valid selectors, preference weights
/// 1–100. A pool name that does not exist (yet) is a warning (<see cref="Severity.Warning"/>), not a denial:
/// manifests are often applied in any order.
/// </summary>
public sealed class L2AdvertisementValidator : AbstractValidator<L2Advertisement>
{
    /// <summary>Creates the validator.</summary>
    /// <param name="options">The settings (allowed namespaces).</param>
    /// <param name="pools">The pools that exist.</param>
    public L2AdvertisementValidator(LoadBalancerOptions options, IReadOnlyCollection<IPAddressPool> pools)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(pools);
        var allowed = options.EffectivePoolNamespaces;

        RuleFor(a => a.Metadata.NamespaceProperty)
            .Must(ns => ns is not null && allowed.Contains(ns))
            .OverridePropertyName("metadata.namespace")
            .WithMessage(a => $"L2Advertisement \"{a.Metadata.Name}\" is in namespace \"{a.Metadata.NamespaceProperty}\"; advertisements are only read from the namespaces {string.Join(", ", allowed.Select(n => $"\"{n}\""))}");

        RuleFor(a => a).Custom((advertisement, context) =>
        {
            var spec = advertisement.Spec ?? new L2AdvertisementSpec();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var known = pools.Select(p => p.Metadata?.Name).ToHashSet(StringComparer.Ordinal);
            foreach (var name in spec.IpAddressPools ?? [])
            {
                if (!seen.Add(name))
                {
                    context.AddFailure("spec.ipAddressPools", $"duplicate definition of ipAddressPools: \"{name}\"");
                }
                else if (!known.Contains(name))
                {
                    var warning = new FluentValidation.Results.ValidationFailure("spec.ipAddressPools", $"IPAddressPool \"{name}\" does not exist (yet); nothing is announced for it until it does")
                    {
                        Severity = Severity.Warning,
                    };
                    context.AddFailure(warning);
                }
            }

            SelectorRules.Check(spec.IpAddressPoolSelectors, "spec.ipAddressPoolSelectors", context);
            SelectorRules.Check(spec.NodeSelectors, "spec.nodeSelectors", context);
            SelectorRules.Check(spec.ServiceSelectors, "spec.serviceSelectors", context);
            var i = 0;
            foreach (var preferred in spec.PreferredNodeSelectors ?? [])
            {
                if (preferred.Weight is < 1 or > 100)
                {
                    context.AddFailure($"spec.preferredNodeSelectors[{i}].weight", $"weight {preferred.Weight} is out of range 1-100");
                }

                SelectorRules.Check([preferred.Preference], $"spec.preferredNodeSelectors[{i}].preference", context);
                i++;
            }
        });
    }
}
