using FluentValidation;
using k8s.Models;
using Platform.Crds.Spire;

namespace Platform.Identity.Policies;

/// <summary>
/// Admission rules for ClusterSPIFFEID: everything spire-controller-manager's webhook checks (templates parse,
/// selectors valid, federatesWith are trust domains) plus: only the supported template subset, ttl/jwtTtl
/// are non-negative durations, and the templates render a valid SPIFFE ID (a warning when it is outside our trust domain) and valid DNS
/// names for a sample pod.
/// </summary>
public sealed class ClusterSpiffeIdValidator : AbstractValidator<ClusterSPIFFEID>
{
    /// <summary>Creates the validator for the configured trust domain.</summary>
    public ClusterSpiffeIdValidator(IdentityOptions options)
    {
        var resolver = new PodIdentityResolver(options);
        RuleFor(p => p).Custom((policy, context) =>
        {
            var compiled = ClusterSpiffeIdCompiler.TryCompile(policy, out var errors);
            foreach (var error in errors)
            {
                context.AddFailure(error);
            }

            if (compiled is null)
            {
                return;
            }

            var rendered = resolver.Render(compiled, SamplePod(), SampleNode(), requireTrustDomainMembership: false);
            if (!rendered.Succeeded)
            {
                context.AddFailure("spec", "for a sample pod: " + rendered.RenderFailure);
            }
            else if (!rendered.Id!.MemberOf(resolver.TrustDomain))
            {
                // Accepted, as upstream accepts it, but said out loud: matching pods get no identity from this policy.
                context.AddFailure(new FluentValidation.Results.ValidationFailure(
                    "spec.spiffeIDTemplate",
                    $"renders \"{rendered.Id}\", outside this cluster's trust domain \"{resolver.TrustDomain}\": pods it selects get no SVID from it (counted in status.stats.podEntryRenderFailures)")
                {
                    Severity = FluentValidation.Severity.Warning,
                });
            }
        });
    }

    /// <summary>A pod with every commonly templated field set, so templates that only work on odd pods are caught.</summary>
    private static V1Pod SamplePod() => new()
    {
        Metadata = new V1ObjectMeta
        {
            Name = "sample-7d4b9c6f5-x2x7q",
            NamespaceProperty = "sample",
            Uid = "0b5e6f0c-1d2e-4f3a-8b9c-0d1e2f3a4b5c",
            Labels = new SampleLabels(),
            Annotations = new SampleLabels(),
        },
        Spec = new V1PodSpec { ServiceAccountName = "sample", NodeName = "node-1", Hostname = "sample", Subdomain = "sample" },
    };

    private static V1Node SampleNode() => new()
    {
        Metadata = new V1ObjectMeta
        {
            Name = "node-1",
            Uid = "5c4b3a2f-1e0d-4c9b-8a3f-2e1d0c6f5e0b",
            Labels = new SampleLabels(),
        },
        Spec = new V1NodeSpec { PodCIDR = "10.0.0.0/24", ProviderID = "sample://node-1" },
    };
}
