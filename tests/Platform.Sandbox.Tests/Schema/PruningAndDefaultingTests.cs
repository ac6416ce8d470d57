using System.Text.Json.Nodes;
using Platform.Sandbox.Schema;
using static Platform.Sandbox.Tests.Schema.SchemaJson;

namespace Platform.Sandbox.Tests.Schema;

public sealed class PruningAndDefaultingTests
{
    private readonly CustomResourceSchemaPipeline pipeline = new();

    private static JsonNode Normalize(string json) => JsonNode.Parse(json)!;

    [Fact]
    public void Unknown_fields_are_pruned_but_root_type_and_metadata_are_kept()
    {
        var schema = SpecSchema("""{"type":"object","properties":{"known":{"type":"string"}}}""");
        var obj = Obj("""{"apiVersion":"x.io/v1","kind":"X","metadata":{"name":"a","uid":"u"},"spec":{"known":"k","unknown":1},"extra":true}""");

        var errors = pipeline.ValidateAndDefault(schema, obj, null);

        Assert.Empty(errors);
        Assert.True(JsonNode.DeepEquals(
            Normalize("""{"apiVersion":"x.io/v1","kind":"X","metadata":{"name":"a","uid":"u"},"spec":{"known":"k"}}"""), obj));
    }

    [Fact]
    public void Preserve_unknown_fields_keeps_unknown_fields_but_known_children_are_still_pruned()
    {
        var schema = SpecSchema("""
            {"type":"object","x-kubernetes-preserve-unknown-fields":true,
             "properties":{"strict":{"type":"object","properties":{"a":{"type":"string"}}}}}
            """);
        var obj = Obj("""{"spec":{"free":{"deep":[1,2]},"strict":{"a":"x","b":"y"}}}""");

        pipeline.ValidateAndDefault(schema, obj, null);

        Assert.True(JsonNode.DeepEquals(Normalize("""{"spec":{"free":{"deep":[1,2]},"strict":{"a":"x"}}}"""), obj));
    }

    [Fact]
    public void Embedded_resource_metadata_keeps_only_the_fields_the_server_keeps()
    {
        var schema = SpecSchema("""
            {"type":"object","properties":{"template":{"type":"object","x-kubernetes-embedded-resource":true,
              "properties":{"spec":{"type":"object","properties":{"image":{"type":"string"}}}}}}}
            """);
        var obj = Obj("""
            {"spec":{"template":{"apiVersion":"v1","kind":"Pod",
              "metadata":{"name":"p","namespace":"n","labels":{"a":"b"},"annotations":{"c":"d"},"uid":"drop","resourceVersion":"9"},
              "spec":{"image":"i","other":1}}}}
            """);

        var errors = pipeline.ValidateAndDefault(schema, obj, null);

        Assert.Empty(errors);
        Assert.True(JsonNode.DeepEquals(
            Normalize("""{"spec":{"template":{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p","namespace":"n","labels":{"a":"b"},"annotations":{"c":"d"}},"spec":{"image":"i"}}}}"""),
            obj));
    }

    [Fact]
    public void Defaults_fill_absent_fields_of_existing_objects_only()
    {
        var schema = SpecSchema("""
            {"type":"object","properties":{
              "location":{"type":"string","default":"MESH_EXTERNAL"},
              "present":{"type":"object","properties":{"mode":{"type":"string","default":"auto"}}},
              "absent":{"type":"object","properties":{"mode":{"type":"string","default":"auto"}}},
              "set":{"type":"string","default":"d"}}}
            """);
        var obj = Obj("""{"spec":{"present":{},"set":"mine"}}""");

        pipeline.ValidateAndDefault(schema, obj, null);

        Assert.True(JsonNode.DeepEquals(
            Normalize("""{"spec":{"present":{"mode":"auto"},"set":"mine","location":"MESH_EXTERNAL"}}"""), obj),
            obj.ToJsonString());
    }

    [Fact]
    public void A_defaulted_object_is_defaulted_further_and_list_items_are_defaulted()
    {
        var schema = SpecSchema("""
            {"type":"object","properties":{
              "tls":{"type":"object","default":{},"properties":{"mode":{"type":"string","default":"SIMPLE"}}},
              "ports":{"type":"array","items":{"type":"object","properties":{"protocol":{"type":"string","default":"TCP"},"number":{"type":"integer"}}}}}}
            """);
        var obj = Obj("""{"spec":{"ports":[{"number":80},{"number":53,"protocol":"UDP"}]}}""");

        pipeline.ValidateAndDefault(schema, obj, null);

        Assert.Equal("""{"ports":[{"number":80,"protocol":"TCP"},{"number":53,"protocol":"UDP"}],"tls":{"mode":"SIMPLE"}}""", obj["spec"]!.ToJsonString());
    }

    [Fact]
    public void Null_in_a_non_nullable_field_with_a_default_gets_the_default()
    {
        var schema = SpecSchema("""{"type":"object","properties":{"mode":{"type":"string","default":"auto"}}}""");
        var obj = Obj("""{"spec":{"mode":null}}""");

        var errors = pipeline.ValidateAndDefault(schema, obj, null);

        Assert.Empty(errors);
        Assert.Equal("""{"mode":"auto"}""", obj["spec"]!.ToJsonString());
    }

    [Fact]
    public void Defaults_are_applied_on_read_without_pruning()
    {
        var schema = SpecSchema("""{"type":"object","properties":{"mode":{"type":"string","default":"auto"}}}""");
        var stored = Obj("""{"spec":{"legacy":"kept"}}""");

        pipeline.ApplyDefaults(schema, stored);

        Assert.Equal("""{"legacy":"kept","mode":"auto"}""", stored["spec"]!.ToJsonString());
    }

    [Fact]
    public void Default_values_are_copies_not_shared_between_objects()
    {
        var schema = SpecSchema("""{"type":"object","properties":{"labels":{"type":"object","default":{"a":"b"},"additionalProperties":{"type":"string"}}}}""");
        var first = Obj("""{"spec":{}}""");
        var second = Obj("""{"spec":{}}""");

        pipeline.ValidateAndDefault(schema, first, null);
        pipeline.ValidateAndDefault(schema, second, null);
        first["spec"]!["labels"]!["a"] = "changed";

        Assert.Equal("b", second["spec"]!["labels"]!["a"]!.GetValue<string>());
    }
}
