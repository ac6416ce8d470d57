using k8s.Models;
using Platform.Crds.Generator;
using Platform.Crds.Tests.TestEntities;

namespace Platform.Crds.Tests.Generation;

/// <summary>
/// The API server only accepts structural schemas: every node typed (unless int-or-string or preserve-unknown-fields),
/// no properties and additionalProperties together, one item schema per array, and metadata without constraints
/// beyond the name. These run over the real entity classes and the test entities.
/// </summary>
public sealed class StructuralSchemaTests
{
    private static readonly Lazy<IReadOnlyList<V1CustomResourceDefinition>> All = new(() =>
        new CrdGenerator().Generate().Definitions
            .Concat(new CrdGenerator().Generate([typeof(Gadget), typeof(V1Thing), typeof(V1Beta1Thing), typeof(Policy)]).Definitions)
            .ToList());

    public static TheoryData<string> Definitions() => new(All.Value.Select(d => d.Metadata.Name));

    private static V1CustomResourceDefinition Definition(string name) => All.Value.Single(d => d.Metadata.Name == name);

    [Theory]
    [MemberData(nameof(Definitions))]
    public void Every_version_schema_is_structural(string name)
    {
        var problems = new List<string>();
        foreach (var version in Definition(name).Spec.Versions)
        {
            var root = version.Schema.OpenAPIV3Schema;
            if (root.Type != "object")
            {
                problems.Add($"{version.Name}: the root must be an object");
            }

            Walk(root, $"{version.Name}:", problems);
        }

        Assert.Empty(problems);
    }

    [Theory]
    [MemberData(nameof(Definitions))]
    public void Exactly_one_version_is_stored_and_all_are_served(string name)
    {
        var versions = Definition(name).Spec.Versions;

        Assert.Single(versions, v => v.Storage);
        Assert.All(versions, v => Assert.True(v.Served));
    }

    [Fact]
    public void The_checker_rejects_an_untyped_field()
    {
        var problems = new List<string>();
        Walk(new V1JSONSchemaProps { Type = "object", Properties = new Dictionary<string, V1JSONSchemaProps> { ["x"] = new() } }, "", problems);

        Assert.Equal([".x: has no type"], problems);
    }

    private static void Walk(V1JSONSchemaProps schema, string path, List<string> problems)
    {
        if (schema.Type is null && schema.XKubernetesIntOrString != true && schema.XKubernetesPreserveUnknownFields != true)
        {
            problems.Add($"{path}: has no type");
        }

        if (schema.Properties is not null && schema.AdditionalProperties is not null)
        {
            problems.Add($"{path}: has both properties and additionalProperties");
        }

        if (schema.Type == "array" && schema.Items is not V1JSONSchemaProps)
        {
            problems.Add($"{path}: an array needs one item schema");
        }

        if (schema.Properties?.TryGetValue("metadata", out var metadata) == true && path.EndsWith(':') && metadata.Properties is not null)
        {
            problems.Add($"{path}.metadata: only name and generateName may be constrained");
        }

        foreach (var (name, child) in schema.Properties ?? new Dictionary<string, V1JSONSchemaProps>())
        {
            Walk(child, $"{path}.{name}", problems);
        }

        if (schema.Items is V1JSONSchemaProps items)
        {
            Walk(items, $"{path}[*]", problems);
        }

        if (schema.AdditionalProperties is V1JSONSchemaProps values)
        {
            Walk(values, $"{path}.*", problems);
        }
    }
}
