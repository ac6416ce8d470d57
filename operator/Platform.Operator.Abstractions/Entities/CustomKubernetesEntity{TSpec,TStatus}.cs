using k8s.Models;

namespace Platform.Operator.Abstractions.Entities;

/// <summary>A custom resource with a spec and a status (served through the /status subresource).</summary>
/// <typeparam name="TSpec">The spec type.</typeparam>
/// <typeparam name="TStatus">The status type.</typeparam>
public abstract class CustomKubernetesEntity<TSpec, TStatus> : CustomKubernetesEntity<TSpec>, IStatus<TStatus>
    where TSpec : new()
    where TStatus : new()
{
    /// <summary>The observed state.</summary>
    [System.Text.Json.Serialization.JsonPropertyName("status")]
    public TStatus Status { get; set; } = new();
}
