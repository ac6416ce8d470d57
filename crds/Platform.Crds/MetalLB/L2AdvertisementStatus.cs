using Platform.Operator.Abstractions.Entities.Attributes;

namespace Platform.Crds.MetalLB;

/// <summary>The observed state of an <see cref="L2Advertisement"/>; MetalLB defines no fields.</summary>
[Description("L2AdvertisementStatus defines the observed state of L2Advertisement.")]
public sealed class L2AdvertisementStatus
{
}
