using System.Text.Json.Serialization;
using k8s.Models;
using Platform.Operator.Abstractions.Entities;

namespace Platform.Webhooks.Tests.Support;

/// <summary>A test-only custom resource the test webhooks judge.</summary>
[KubernetesEntity(Group = "test.platform.io", ApiVersion = "v1", Kind = "Widget", PluralName = "widgets")]
internal sealed class Widget : CustomKubernetesEntity
{
    public const string Group = "test.platform.io";

    [JsonPropertyName("spec")]
    public WidgetSpec Spec { get; set; } = new();
}
