using k8s;
using k8s.Models;
using Platform.Crds.MetalLB;
using Platform.LoadBalancer.Configuration;
using Platform.Webhooks.Abstractions.Admission;
using Platform.Webhooks.Abstractions.Validation;
using Platform.Webhooks.Validation;

namespace Platform.Webhooks.LoadBalancer;

/// <summary>
/// The admission flow both MetalLB kinds share: take the namespace from the request when the object omits it,
/// read the pools in the allowed namespaces, then let the feature's validator judge against them.
/// </summary>
internal static class MetalLBAdmission
{
    public static async Task<ValidationResult> JudgeAgainstPoolsAsync<TEntity>(
        TEntity entity,
        AdmissionContext context,
        LoadBalancerOptions settings,
        IPAddressPoolSource pools,
        string unlistableReason,
        Func<IReadOnlyList<IPAddressPool>, FluentValidation.Results.ValidationResult> validate,
        CancellationToken cancellationToken)
        where TEntity : IKubernetesObject<V1ObjectMeta>
    {
        FillNamespace(entity.Metadata, context);
        IReadOnlyList<IPAddressPool> existing;
        try
        {
            existing = await pools.ListAsync(settings.EffectivePoolNamespaces, cancellationToken).ConfigureAwait(false);
        }
        catch (PoolListingException e)
        {
            return ValidationResult.Fail($"{entity.Kind ?? typeof(TEntity).Name} \"{entity.Metadata?.Name}\" {unlistableReason}: {e.Message}", 500);
        }

        return ValidatorVerdict.Judge(typeof(TEntity).Name, validate(existing));
    }

    /// <summary>On CREATE the object may omit metadata.namespace; the allowed-namespace rule needs the real one.</summary>
    private static void FillNamespace(V1ObjectMeta? metadata, AdmissionContext context)
    {
        if (metadata is not null && string.IsNullOrEmpty(metadata.NamespaceProperty) && !string.IsNullOrEmpty(context.Namespace))
        {
            metadata.NamespaceProperty = context.Namespace;
        }
    }
}
