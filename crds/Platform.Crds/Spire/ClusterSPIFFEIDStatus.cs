using System.Text.Json.Serialization;
using Platform.Operator.Abstractions.Entities.Attributes;

namespace Platform.Crds.Spire;

/// <summary>Observed state of a <see cref="ClusterSPIFFEID"/>.</summary>
[Description("ClusterSPIFFEIDStatus defines the observed state of ClusterSPIFFEID")]
public sealed class ClusterSPIFFEIDStatus
{
    /// <summary>Statistics of the last reconciliation.</summary>
    [JsonPropertyName("stats")]
    [Description("Stats produced by the last entry reconciliation run")]
    public ClusterSPIFFEIDStats Stats { get; set; } = new();
}
