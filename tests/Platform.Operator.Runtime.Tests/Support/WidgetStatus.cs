using k8s.Models;

namespace Platform.Operator.Runtime.Tests.Support;

public sealed class WidgetStatus
{
    public string? Phase { get; set; }

    public long? ObservedGeneration { get; set; }

    public IList<V1Condition> Conditions { get; set; } = [];
}
