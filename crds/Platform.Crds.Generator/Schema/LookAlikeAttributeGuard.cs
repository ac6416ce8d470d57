using System.Reflection;
using Platform.Operator.Abstractions.Entities.Attributes;

namespace Platform.Crds.Generator.Schema;

/// <summary>
/// KubeOps matches schema attributes by simple name, so <c>System.ComponentModel.DescriptionAttribute</c> would work
/// there; this generator reads only the Platform attributes. Rather than silently drop such a constraint, it fails.
/// </summary>
internal static class LookAlikeAttributeGuard
{
    private static readonly Dictionary<string, Type> OurAttributes = typeof(DescriptionAttribute).Assembly.GetTypes()
        .Where(t => t.Namespace == typeof(DescriptionAttribute).Namespace && t.IsSubclassOf(typeof(Attribute)))
        .ToDictionary(t => t.Name, StringComparer.Ordinal);

    public static void Check(MemberInfo member, string path)
    {
        foreach (var attribute in member.GetCustomAttributesData())
        {
            var type = attribute.AttributeType;
            if (OurAttributes.TryGetValue(type.Name, out var ours) && type != ours)
            {
                throw new CrdGenerationException(
                    $"{path}: [{type.FullName}] is not read by the CRD generator; use [{ours.FullName}].");
            }
        }
    }
}
