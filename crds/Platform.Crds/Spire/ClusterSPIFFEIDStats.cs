using System.Text.Json.Serialization;
using Platform.Operator.Abstractions.Entities.Attributes;

namespace Platform.Crds.Spire;

/// <summary>Reconciliation statistics, named as spire-controller-manager names them.</summary>
[Description("ClusterSPIFFEIDStats contain entry reconciliation statistics.")]
public sealed class ClusterSPIFFEIDStats
{
    /// <summary>Namespaces selected.</summary>
    [JsonPropertyName("namespacesSelected")]
    [Description("How many namespaces were selected.")]
    public int NamespacesSelected { get; set; }

    /// <summary>Selected namespaces ignored by configuration.</summary>
    [JsonPropertyName("namespacesIgnored")]
    [Description("How many (selected) namespaces were ignored (based on configuration).")]
    public int NamespacesIgnored { get; set; }

    /// <summary>Pods selected in the selected namespaces.</summary>
    [JsonPropertyName("podsSelected")]
    [Description("How many pods were selected out of the namespaces.")]
    public int PodsSelected { get; set; }

    /// <summary>Selected pods whose identity failed to render.</summary>
    [JsonPropertyName("podEntryRenderFailures")]
    [Description("How many failures were encountered rendering an entry selected pods. This could be due to either a bad template in the ClusterSPIFFEID or Pod metadata that when applied to the template did not produce valid entry values.")]
    public int PodEntryRenderFailures { get; set; }

    /// <summary>Selected pods whose identity comes from another (older) ClusterSPIFFEID.</summary>
    [JsonPropertyName("entriesMasked")]
    [Description("How many entries were masked by entries for other ClusterSPIFFEIDs. This happens when one or more ClusterSPIFFEIDs produce an entry for the same pod with the same set of workload selectors.")]
    public int EntriesMasked { get; set; }

    /// <summary>Identities this ClusterSPIFFEID gives.</summary>
    [JsonPropertyName("entriesToSet")]
    [Description("How many entries are to be set for this ClusterSPIFFEID. In nominal conditions, this should reflect the number of pods selected, but not always if there were problems encountered rendering an entry for the pod (RenderFailures) or entries are masked (EntriesMasked).")]
    public int EntriesToSet { get; set; }

    /// <summary>Identities that could not be put in place.</summary>
    [JsonPropertyName("entryFailures")]
    [Description("How many entries were unable to be set due to failures to create or update the entries via the SPIRE Server API.")]
    public int EntryFailures { get; set; }
}
