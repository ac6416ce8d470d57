using System.Text;

namespace Platform.Identity.Policies.Templates;

/// <summary>A parsed template: literal text interleaved with accessors.</summary>
internal sealed class PolicyTemplate(string source, IReadOnlyList<object> parts)
{
    public string Source { get; } = source;

    /// <summary>Renders; throws <see cref="PolicyTemplateException"/> when the data does not fit (nil pointer, index out of range).</summary>
    public string Render(PolicyTemplateData data)
    {
        if (parts.Count == 1 && parts[0] is string only)
        {
            return only;
        }

        var builder = new StringBuilder(Source.Length + 32);
        foreach (var part in parts)
        {
            builder.Append(part is TemplateAccessor accessor ? accessor.Evaluate(data) : (string)part);
        }

        return builder.ToString();
    }
}
