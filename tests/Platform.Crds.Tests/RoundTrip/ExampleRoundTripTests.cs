using System.Reflection;
using System.Text.Json.Nodes;
using k8s;
using Platform.Crds.Generator;
using Platform.Crds.Tests.Support;

namespace Platform.Crds.Tests.RoundTrip;

/// <summary>
/// Manifests from the upstream documentation of each kind must survive our entity classes: deserialize, serialize back,
/// and come out with every field intact (compared as JSON trees), and they must be valid against the generated CRDs.
/// </summary>
public sealed class ExampleRoundTripTests
{
    private static readonly Lazy<CrdGeneration> Generated = new(() => new CrdGenerator().Generate());

    public static TheoryData<string> Examples() => new(ExampleManifest.FileNames());

    private static Type EntityTypeOf(ExampleManifest example)
    {
        var entity = EntityTypes.Find(example.ApiVersion, example.Kind);
        Assert.True(entity is not null, $"{example.FileName}: no entity class serves {example.ApiVersion} {example.Kind}.");
        return entity.Type;
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void Example_round_trips_through_its_entity_class_as_json_without_losing_a_field(string fileName)
    {
        var example = ExampleManifest.Load(fileName);
        var type = EntityTypeOf(example);

        var entity = JsonDeserialize(example.Json.ToJsonString(), type);
        var back = JsonNode.Parse(KubernetesJson.Serialize(entity));

        Assert.IsType(type, entity);
        Assert.Empty(JsonTreeComparison.Lost(example.Json, back));
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void Example_round_trips_through_KubernetesYaml_without_losing_a_field(string fileName)
    {
        var example = ExampleManifest.Load(fileName);
        var type = EntityTypeOf(example);

        var entity = YamlDeserialize(example.Yaml, type);
        var back = JsonNode.Parse(KubernetesJson.Serialize(entity));

        Assert.IsType(type, entity);
        Assert.Empty(JsonTreeComparison.Lost(example.Json, back));
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void Serializing_adds_to_user_fields_only_empty_values_or_schema_defaults(string fileName)
    {
        var example = ExampleManifest.Load(fileName);
        var type = EntityTypeOf(example);
        var schema = VersionSchema(example);

        var back = JsonNode.Parse(KubernetesJson.Serialize(JsonDeserialize(example.Json.ToJsonString(), type)));

        var unexpected = JsonTreeComparison.Added(example.Json, back)
            // status belongs to the controller and the API server ignores it on writes to the main resource.
            .Where(a => !a.Path.StartsWith(".status", StringComparison.Ordinal))
            .Where(a => !JsonTreeComparison.IsEmpty(a.Value) && !EqualsDefault(schema, a.Path, a.Value))
            .Select(a => $"{a.Path} = {a.Value?.ToJsonString()}")
            .ToList();
        Assert.Empty(unexpected);
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void Example_is_valid_against_the_generated_schema(string fileName)
    {
        var example = ExampleManifest.Load(fileName);

        Assert.Empty(SchemaConformance.Violations(example.Json, VersionSchema(example)));
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void Example_passes_the_generated_CEL_validation_rules(string fileName)
    {
        var example = ExampleManifest.Load(fileName);

        Assert.Empty(new CelRuleCheck().Failures(example.Json, VersionSchema(example)));
    }

    [Fact]
    public void The_CEL_check_rejects_a_manifest_upstream_rejects()
    {
        const string Yaml = """
            apiVersion: networking.istio.io/v1
            kind: ServiceEntry
            metadata:
              name: wildcard
            spec:
              hosts: ["*"]
              ports:
              - {number: 70000, name: http}
            """;
        var example = new ExampleManifest("inline", Yaml, YamlToJson.Convert(Yaml)!);
        var check = new CelRuleCheck();

        var failures = check.Failures(example.Json, VersionSchema(example));

        Assert.Contains(failures, f => f.StartsWith(".spec.hosts: hostname cannot be wildcard", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith(".spec.ports[0].number: port must be between 1-65535", StringComparison.Ordinal));
    }

    [Fact]
    public void Every_served_version_of_every_kind_has_an_upstream_example()
    {
        var covered = ExampleManifest.FileNames()
            .Select(ExampleManifest.Load)
            .Select(e => $"{e.ApiVersion}/{e.Kind}")
            .ToHashSet(StringComparer.Ordinal);

        var missing = EntityTypes.All.Select(e => $"{e.ApiVersion}/{e.Kind}").Where(k => !covered.Contains(k)).ToList();

        Assert.NotEmpty(EntityTypes.All);
        Assert.Empty(missing);
    }

    [Fact]
    public void The_comparison_notices_a_lost_field_and_a_changed_value()
    {
        var original = JsonNode.Parse("""{"spec":{"a":1,"b":["x","y"],"c":{"d":true}}}""");
        var damaged = JsonNode.Parse("""{"spec":{"a":1.0,"b":["x"],"c":{}},"status":{}}""");

        Assert.Equal([".spec.b: had 2 items, came back with 1", ".spec.c.d: lost (was true)"], JsonTreeComparison.Lost(original, damaged));
        Assert.Empty(JsonTreeComparison.Lost(original, original));
    }

    [Fact]
    public void A_field_the_entity_class_does_not_know_is_reported_lost_and_invalid()
    {
        const string Yaml = """
            apiVersion: metallb.io/v1beta1
            kind: IPAddressPool
            metadata:
              name: typo
            spec:
              addresses: [192.0.2.0/24]
              autoAsign: false
            """;
        var example = new ExampleManifest("inline", Yaml, YamlToJson.Convert(Yaml)!);

        var back = JsonNode.Parse(KubernetesJson.Serialize(JsonDeserialize(example.Json.ToJsonString(), EntityTypeOf(example))));

        Assert.Equal([".spec.autoAsign: lost (was false)"], JsonTreeComparison.Lost(example.Json, back));
        Assert.Equal([".spec.autoAsign: unknown field, the API server would prune it"], SchemaConformance.Violations(example.Json, VersionSchema(example)));
    }

    private static Platform.Crds.Generator.Entities.EntityDefinition Definition(ExampleManifest example) =>
        EntityTypes.Find(example.ApiVersion, example.Kind) ?? throw new InvalidOperationException($"{example.FileName}: unknown kind");

    private static k8s.Models.V1JSONSchemaProps VersionSchema(ExampleManifest example)
    {
        var definition = Definition(example);
        var crd = Generated.Value.Definitions.Single(d => d.Metadata.Name == definition.CrdName);
        return crd.Spec.Versions.Single(v => v.Name == definition.Version).Schema.OpenAPIV3Schema;
    }

    private static bool EqualsDefault(k8s.Models.V1JSONSchemaProps schema, string path, JsonNode? value)
    {
        var field = SchemaConformance.At(schema, path);
        if (field?.DefaultProperty is null)
        {
            return false;
        }

        return JsonNode.DeepEquals(JsonNode.Parse(KubernetesJson.Serialize(field.DefaultProperty)), value);
    }

    private static object JsonDeserialize(string json, Type type) =>
        Invoke(typeof(KubernetesJson), nameof(KubernetesJson.Deserialize), type, [json, null]);

    private static object YamlDeserialize(string yaml, Type type) =>
        Invoke(typeof(KubernetesYaml), nameof(KubernetesYaml.Deserialize), type, [yaml, false]);

    private static object Invoke(Type owner, string name, Type type, object?[] arguments)
    {
        var method = owner.GetMethods(BindingFlags.Public | BindingFlags.Static)
            .Single(m => m.Name == name && m.IsGenericMethodDefinition && m.GetParameters().Length == 2 && m.GetParameters()[0].ParameterType == typeof(string));
        try
        {
            return method.MakeGenericMethod(type).Invoke(null, arguments) ?? throw new InvalidOperationException("deserialized to null");
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            throw e.InnerException;
        }
    }
}
