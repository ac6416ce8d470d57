using Platform.Sandbox.Schema;
using static Platform.Sandbox.Tests.Schema.SchemaJson;

namespace Platform.Sandbox.Tests.Schema;

public sealed class SchemaValidationTests
{
    private readonly CustomResourceSchemaPipeline pipeline = new();

    // Each row: spec schema, spec value, the errors the API server reports (rendered "path: body"), empty = valid.
    public static TheoryData<string, string, string[]> Cases() => new()
    {
        {
            """{"type":"object","properties":{"ports":{"type":"array","items":{"type":"object","properties":{"number":{"type":"integer","maximum":65535}}}}}}""",
            """{"ports":[{"number":70000}]}""",
            ["spec.ports[0].number: Invalid value: 70000: spec.ports[0].number in body should be less than or equal to 65535"]
        },
        {
            """{"type":"integer","minimum":1}""", "0",
            ["spec: Invalid value: 0: spec in body should be greater than or equal to 1"]
        },
        {
            """{"type":"integer","maximum":10,"exclusiveMaximum":true}""", "10",
            ["spec: Invalid value: 10: spec in body should be less than 10"]
        },
        {
            """{"type":"integer","minimum":0,"exclusiveMinimum":true}""", "0",
            ["spec: Invalid value: 0: spec in body should be greater than 0"]
        },
        { """{"type":"number","multipleOf":0.1}""", "0.3", [] },
        {
            """{"type":"integer","multipleOf":5}""", "12",
            ["spec: Invalid value: 12: spec in body should be a multiple of 5"]
        },
        {
            """{"type":"object","required":["hosts"],"properties":{"hosts":{"type":"array","items":{"type":"string"}}}}""",
            "{}",
            ["spec.hosts: Required value"]
        },
        {
            """{"type":"object","properties":{"resolution":{"type":"string","enum":["NONE","STATIC","DNS"]}}}""",
            """{"resolution":"X"}""",
            ["""spec.resolution: Unsupported value: "X": supported values: "NONE", "STATIC", "DNS" """.TrimEnd()]
        },
        {
            """{"type":"integer","enum":[1,2]}""", "3",
            ["""spec: Unsupported value: 3: supported values: "1", "2" """.TrimEnd()]
        },
        {
            """{"type":"object","properties":{"replicas":{"type":"integer"}}}""",
            """{"replicas":"abc"}""",
            ["""spec.replicas: Invalid value: "abc": spec.replicas in body must be of type integer: "string" """.TrimEnd()]
        },
        {
            """{"type":"integer"}""", "1.5",
            ["""spec: Invalid value: 1.5: spec in body must be of type integer: "number" """.TrimEnd()]
        },
        { """{"type":"number"}""", "2", [] },
        { """{"type":"integer"}""", "2.0", [] },
        {
            """{"type":"boolean"}""", "\"true\"",
            ["""spec: Invalid value: "true": spec in body must be of type boolean: "string" """.TrimEnd()]
        },
        { """{"type":"object","properties":{"x":{"type":"string","nullable":true}}}""", """{"x":null}""", [] },
        {
            """{"type":"array","uniqueItems":true,"items":{"type":"integer"}}""", "[1,2,1]",
            ["""spec: Invalid value: "": spec in body shouldn't contain duplicates"""]
        },
        { """{"x-kubernetes-int-or-string":true}""", "80", [] },
        { """{"x-kubernetes-int-or-string":true}""", "\"http\"", [] },
        {
            """{"x-kubernetes-int-or-string":true}""", "true",
            ["""spec: Invalid value: true: spec in body must be of type integer,string: "boolean" """.TrimEnd()]
        },
        {
            """{"type":"string","pattern":"^[a-z]+$"}""", "\"ABC\"",
            ["""spec: Invalid value: "ABC": spec in body should match '^[a-z]+$'"""]
        },
        { """{"type":"string","maxLength":2}""", "\"😀😀\"", [] },
        { """{"type":"string","maxLength":3}""", "\"abcd\"", ["spec: Too long: may not be longer than 3"] },
        {
            """{"type":"string","minLength":2}""", "\"é\"",
            ["""spec: Invalid value: "é": spec in body should be at least 2 chars long"""]
        },
        {
            """{"type":"array","maxItems":2,"items":{"type":"string"}}""", """["a","b","c"]""",
            ["spec: Too many: 3: must have at most 2 items"]
        },
        {
            """{"type":"array","minItems":1,"items":{"type":"string"}}""", "[]",
            ["spec: Invalid value: 0: spec in body should have at least 1 items"]
        },
        {
            """{"type":"object","maxProperties":1,"additionalProperties":{"type":"string"}}""", """{"a":"1","b":"2"}""",
            ["spec: Too many: 2: must have at most 1 items"]
        },
        {
            """{"type":"object","minProperties":1,"additionalProperties":{"type":"string"}}""", "{}",
            ["spec: Invalid value: 0: spec in body should have at least 1 properties"]
        },
        {
            """{"type":"object","additionalProperties":{"type":"string","maxLength":3}}""", """{"app":"toolong"}""",
            ["spec.app: Too long: may not be longer than 3"]
        },
        {
            """{"type":"array","x-kubernetes-list-type":"set","items":{"type":"string"}}""", """["a","b","a"]""",
            ["""spec[2]: Duplicate value: "a" """.TrimEnd()]
        },
        {
            """{"type":"array","x-kubernetes-list-type":"map","x-kubernetes-list-map-keys":["name"],"items":{"type":"object","properties":{"name":{"type":"string"},"number":{"type":"integer"}}}}""",
            """[{"name":"http","number":80},{"name":"http","number":81}]""",
            ["""spec[1]: Duplicate value: map[string]interface {}{"name":"http"}"""]
        },
        { """{"type":"string","format":"ipv4"}""", "\"10.0.0.1\"", [] },
        {
            """{"type":"string","format":"ipv4"}""", "\"10.0.0.300\"",
            ["""spec: Invalid value: "10.0.0.300": spec in body must be of type ipv4: "10.0.0.300" """.TrimEnd()]
        },
        { """{"type":"string","format":"ipv6"}""", "\"fd00::1\"", [] },
        {
            """{"type":"string","format":"cidr"}""", "\"10.0.0.0/33\"",
            ["""spec: Invalid value: "10.0.0.0/33": spec in body must be of type cidr: "10.0.0.0/33" """.TrimEnd()]
        },
        { """{"type":"string","format":"uuid"}""", "\"123e4567-e89b-12d3-a456-426614174000\"", [] },
        {
            """{"type":"string","format":"date-time"}""", "\"yesterday\"",
            ["""spec: Invalid value: "yesterday": spec in body must be of type date-time: "yesterday" """.TrimEnd()]
        },
        { """{"type":"string","format":"date-time"}""", "\"2024-01-02T03:04:05Z\"", [] },
        { """{"type":"string","format":"hostname"}""", "\"a.example.com\"", [] },
        {
            """{"type":"string","format":"hostname"}""", "\"-bad-.com\"",
            ["""spec: Invalid value: "-bad-.com": spec in body must be of type hostname: "-bad-.com" """.TrimEnd()]
        },
        { """{"type":"string","format":"int32"}""", "\"anything\"", [] },
        {
            """{"type":"string","format":"byte"}""", "\"not base64!\"",
            ["""spec: Invalid value: "not base64!": spec in body must be of type byte: "not base64!" """.TrimEnd()]
        },
        {
            """{"type":"object","properties":{"a":{"type":"integer","maximum":1},"b":{"type":"string","enum":["x"]}}}""",
            """{"a":2,"b":"y"}""",
            [
                "spec.a: Invalid value: 2: spec.a in body should be less than or equal to 1",
                """spec.b: Unsupported value: "y": supported values: "x" """.TrimEnd(),
            ]
        },
        {
            """{"type":"object","properties":{"template":{"type":"object","x-kubernetes-embedded-resource":true,"x-kubernetes-preserve-unknown-fields":true}}}""",
            """{"template":{"metadata":{"name":"x"}}}""",
            ["spec.template.apiVersion: Required value: must not be empty", "spec.template.kind: Required value: must not be empty"]
        },
        {
            """{"type":"string","anyOf":[{"pattern":"^a"},{"pattern":"^b"}]}""", "\"c\"",
            ["""spec: Invalid value: "": spec in body must validate at least one schema (anyOf)"""]
        },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Spec_is_validated_as_the_api_server_words_it(string specSchema, string specValue, string[] expected)
    {
        var obj = Obj($$"""{"apiVersion":"x.io/v1","kind":"X","metadata":{"name":"a"},"spec":{{specValue}}}""");

        var errors = pipeline.ValidateAndDefault(SpecSchema(specSchema), obj, null);

        Assert.Equal(expected, errors.Select(Render).ToArray());
    }

    [Fact]
    public void Malformed_schema_keywords_are_ignored_rather_than_thrown()
    {
        var reader = new StructuralSchemaReader(new Platform.Sandbox.Schema.Cel.CelRuleCompiler());

        var schema = reader.Read(Obj("""{"type":"object","required":[1,"a"],"x-kubernetes-list-map-keys":[true],"properties":{"a":{"type":"string","pattern":5,"maxLength":"x"}}}"""));
        var errors = new List<Platform.Sandbox.Api.FieldError>();
        SchemaValueValidator.Validate(Obj("""{"b":"x"}"""), schema, "spec", errors);

        Assert.Equal(["a"], schema.Required);
        Assert.Null(schema.Properties!["a"].Pattern);
        Assert.Equal(["spec.a: Required value"], errors.Select(Render).ToArray());
    }

    [Fact]
    public void Error_types_are_the_status_cause_reasons()
    {
        var schema = SpecSchema("""
            {"type":"object","required":["a"],"properties":{
              "a":{"type":"string"},"b":{"type":"string","enum":["x"]},"c":{"type":"string","maxLength":1},
              "d":{"type":"array","maxItems":0,"items":{"type":"string"}},"e":{"type":"integer"}}}
            """);
        var obj = Obj("""{"spec":{"b":"y","c":"zz","d":["q"],"e":"s"}}""");

        var errors = pipeline.ValidateAndDefault(schema, obj, null);

        Assert.Equal(
            ["FieldValueRequired", "FieldValueNotSupported", "FieldValueTooLong", "FieldValueTooMany", "FieldValueTypeInvalid"],
            errors.Select(e => e.Type).ToArray());
    }

    [Fact]
    public void Null_in_a_non_nullable_field_is_dropped_and_a_required_field_then_reports_missing()
    {
        var schema = SpecSchema("""{"type":"object","required":["x"],"properties":{"x":{"type":"string"},"y":{"type":"string"}}}""");
        var obj = Obj("""{"spec":{"x":null,"y":null}}""");

        var errors = pipeline.ValidateAndDefault(schema, obj, null);

        Assert.Equal(["spec.x: Required value"], errors.Select(Render).ToArray());
        Assert.Equal("{}", obj["spec"]!.ToJsonString());
    }

    [Fact]
    public void Status_message_lists_causes_like_the_api_server()
    {
        var schema = SpecSchema("""{"type":"object","required":["a","b"],"properties":{"a":{"type":"string"},"b":{"type":"string"}}}""");
        var errors = pipeline.ValidateAndDefault(schema, Obj("""{"spec":{}}"""), null);

        Assert.Equal(
            "ServiceEntry.networking.istio.io \"web\" is invalid: [spec.a: Required value, spec.b: Required value]",
            FieldErrors.ToStatusMessage("ServiceEntry.networking.istio.io", "web", errors));
        Assert.Equal(
            "ServiceEntry.networking.istio.io \"web\" is invalid: spec.a: Required value",
            FieldErrors.ToStatusMessage("ServiceEntry.networking.istio.io", "web", errors.Take(1).ToList()));
    }
}
