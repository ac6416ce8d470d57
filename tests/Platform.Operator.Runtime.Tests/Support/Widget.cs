using k8s.Models;
using Platform.Operator.Abstractions.Entities;
using Platform.Operator.Abstractions.Entities.Attributes;

namespace Platform.Operator.Runtime.Tests.Support;

/// <summary>A namespaced custom resource for the tests.</summary>
[KubernetesEntity(Group = "test.platform.io", ApiVersion = "v1", Kind = "Widget", PluralName = "widgets")]
[EntityScope(EntityScope.Namespaced)]
public sealed class Widget : CustomKubernetesEntity<WidgetSpec, WidgetStatus>
{
    public static Widget Create(string name, string ns = "default", string size = "small", IDictionary<string, string>? labels = null) => new()
    {
        ApiVersion = "test.platform.io/v1",
        Kind = "Widget",
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns, Labels = labels },
        Spec = new WidgetSpec { Size = size },
    };
}
