using FluentValidation;

namespace Platform.LoadBalancer.Configuration;

/// <summary>Checks the settings at start (ValidateOnStart), so a bad value stops the process with a clear message.</summary>
public sealed class LoadBalancerOptionsValidator : AbstractValidator<LoadBalancerOptions>
{
    /// <summary>Creates the validator.</summary>
    public LoadBalancerOptionsValidator()
    {
        RuleFor(o => o.SuiteNamespace).NotEmpty();
        RuleForEach(o => o.PoolNamespaces).NotEmpty().WithMessage("pool namespaces must not contain an empty name");
        RuleFor(o => o.PoolNamespaces).Must(n => n.Distinct(StringComparer.Ordinal).Count() == n.Count).WithMessage("pool namespaces must be unique");
        RuleFor(o => o.LoadBalancerClass).Must(c => c is null || c.Length > 0).WithMessage("loadBalancerClass must be null (no class) or non-empty");
        RuleFor(o => o.PendingRetryInterval).GreaterThan(TimeSpan.Zero);
        RuleFor(o => o.MaxAssignmentsInPoolStatus).InclusiveBetween(0, Crds.MetalLB.IPAddressPoolStatus.MaxAssignments);
    }
}
