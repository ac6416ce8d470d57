using System.Collections;
using System.Globalization;

namespace Platform.Identity.Policies.Templates;

/// <summary>A resolved action: a root of <see cref="PolicyTemplateData"/> followed by steps, checked against the types at parse time.</summary>
internal sealed class TemplateAccessor(string text, string root, IReadOnlyList<TemplateStep> steps)
{
    public string Text { get; } = text;

    public string Evaluate(PolicyTemplateData data)
    {
        object? value = root switch
        {
            "TrustDomain" => data.TrustDomain,
            "ClusterName" => data.ClusterName,
            "ClusterDomain" => data.ClusterDomain,
            "PodMeta" => data.PodMeta,
            "PodSpec" => data.PodSpec,
            "NodeMeta" => data.NodeMeta,
            "NodeSpec" => data.NodeSpec,
            _ => throw new PolicyTemplateException($"unknown data {root}"),
        };
        var path = "." + root;
        foreach (var step in steps)
        {
            if (step.Property is not null)
            {
                if (value is null)
                {
                    throw new PolicyTemplateException($"{Text}: nil pointer evaluating {path}.{step.Display}");
                }

                value = step.Property.GetValue(value);
                path += "." + step.Display;
            }
            else if (step.MapKey is not null)
            {
                // Go: a missing key (or a nil map) yields the element type's zero value.
                value = value is IDictionary<string, string> map && map.TryGetValue(step.MapKey, out var found) ? found : string.Empty;
                path += "." + step.Display;
            }
            else
            {
                var list = value as IList;
                var index = step.ListIndex!.Value;
                if (list is null || index >= list.Count)
                {
                    throw new PolicyTemplateException($"{Text}: index out of range: {index}");
                }

                value = list[index];
            }
        }

        return value switch
        {
            null => string.Empty,
            string s => s,
            bool b => b ? "true" : "false",
            int or long or double or float => Convert.ToString(value, CultureInfo.InvariantCulture)!,
            DateTime time => time.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss +0000 UTC", CultureInfo.InvariantCulture),
            _ => throw new PolicyTemplateException($"{Text}: {path} is not a string or number"),
        };
    }
}
