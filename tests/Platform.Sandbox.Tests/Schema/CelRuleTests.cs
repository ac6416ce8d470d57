using Platform.Sandbox.Schema;
using Platform.Sandbox.Schema.Cel;
using static Platform.Sandbox.Tests.Schema.SchemaJson;

namespace Platform.Sandbox.Tests.Schema;

public sealed class CelRuleTests
{
    private readonly CustomResourceSchemaPipeline pipeline = new();

    // The ServiceEntry spec rules from the istio anchor (hosts, ports, spec-level, endpoint rules).
    private const string ServiceEntrySpec = """
        {"type":"object","required":["hosts"],
         "x-kubernetes-validations":[
           {"message":"only one of WorkloadSelector or Endpoints can be set","rule":"(has(self.workloadSelector) ? 1 : 0) + (has(self.endpoints) ? 1 : 0) <= 1"},
           {"message":"CIDR addresses are allowed only for NONE/STATIC resolution types","rule":"!((has(self.addresses) ? self.addresses : []).exists(k, k.contains('/')) && !((has(self.resolution) ? self.resolution : 'NONE') in ['STATIC', 'NONE']))"},
           {"message":"NONE mode cannot set endpoints","rule":"((has(self.resolution) ? self.resolution : 'NONE') == 'NONE') ? !has(self.endpoints) : true"},
           {"message":"DNS_ROUND_ROBIN mode cannot have multiple endpoints","rule":"((has(self.resolution) ? self.resolution : '') == 'DNS_ROUND_ROBIN') ? ((has(self.endpoints) ? self.endpoints : []).size() <= 1) : true"}],
         "properties":{
           "hosts":{"type":"array","minItems":1,"maxItems":256,"items":{"type":"string","x-kubernetes-validations":[{"message":"hostname cannot be wildcard","rule":"self != '*'"}]}},
           "addresses":{"type":"array","items":{"type":"string","maxLength":64}},
           "resolution":{"type":"string","enum":["NONE","STATIC","DNS","DNS_ROUND_ROBIN","DYNAMIC_DNS"]},
           "workloadSelector":{"type":"object","properties":{"labels":{"type":"object","additionalProperties":{"type":"string"},
              "x-kubernetes-validations":[{"message":"wildcard not allowed in label value match","rule":"self.all(key, !self[key].contains('*'))"}]}}},
           "ports":{"type":"array","x-kubernetes-list-type":"map","x-kubernetes-list-map-keys":["name"],
             "x-kubernetes-validations":[{"message":"port number cannot be duplicated","rule":"self.all(l1, self.exists_one(l2, l1.number == l2.number))"}],
             "items":{"type":"object","required":["number","name"],"properties":{
               "name":{"type":"string"},
               "number":{"type":"integer","x-kubernetes-validations":[{"message":"port must be between 1-65535","rule":"0 < self && self <= 65535"}]}}}},
           "endpoints":{"type":"array","items":{"type":"object",
             "x-kubernetes-validations":[
               {"message":"Address is required","rule":"has(self.address) || has(self.network)"},
               {"message":"UDS must be an absolute path or abstract socket","rule":"has(self.address) ? !self.address.startsWith('unix://') || (self.address.substring(7, 8) == '/' || self.address.substring(7, 8) == '@') : true"},
               {"message":"UDS may not be a dir","rule":"has(self.address) ? !self.address.startsWith('unix://') || !self.address.endsWith('/') : true"}],
             "properties":{"address":{"type":"string"},"network":{"type":"string"}}}}}}
        """;

    public static TheoryData<string, string[]> ServiceEntryCases() => new()
    {
        { """{"hosts":["a.example.com"],"ports":[{"name":"http","number":80}]}""", [] },
        { """{"hosts":["a.example.com","*"]}""", ["""spec.hosts[1]: Invalid value: "string": hostname cannot be wildcard"""] },
        {
            """{"hosts":["a"],"ports":[{"name":"http","number":80},{"name":"web","number":80}]}""",
            ["""spec.ports: Invalid value: "array": port number cannot be duplicated"""]
        },
        { """{"hosts":["a"],"ports":[{"name":"x","number":70000}]}""", ["""spec.ports[0].number: Invalid value: "integer": port must be between 1-65535"""] },
        {
            """{"hosts":["a"],"resolution":"STATIC","workloadSelector":{"labels":{"app":"x"}},"endpoints":[{"address":"10.0.0.1"}]}""",
            ["""spec: Invalid value: "object": only one of WorkloadSelector or Endpoints can be set"""]
        },
        {
            """{"hosts":["a"],"addresses":["10.0.0.0/24"],"resolution":"DNS"}""",
            ["""spec: Invalid value: "object": CIDR addresses are allowed only for NONE/STATIC resolution types"""]
        },
        { """{"hosts":["a"],"addresses":["10.0.0.0/24"]}""", [] },
        { """{"hosts":["a"],"endpoints":[{"address":"10.0.0.1"}]}""", ["""spec: Invalid value: "object": NONE mode cannot set endpoints"""] },
        {
            """{"hosts":["a"],"resolution":"DNS_ROUND_ROBIN","endpoints":[{"address":"a.b"},{"address":"c.d"}]}""",
            ["""spec: Invalid value: "object": DNS_ROUND_ROBIN mode cannot have multiple endpoints"""]
        },
        {
            """{"hosts":["a"],"resolution":"STATIC","endpoints":[{"labels":{}},{"address":"unix://rel"},{"address":"unix:///dir/"},{"address":"unix://@abstract"}]}""",
            [
                """spec.endpoints[0]: Invalid value: "object": Address is required""",
                """spec.endpoints[1]: Invalid value: "object": UDS must be an absolute path or abstract socket""",
                """spec.endpoints[2]: Invalid value: "object": UDS may not be a dir""",
            ]
        },
        {
            """{"hosts":["a"],"workloadSelector":{"labels":{"app":"x*"}}}""",
            ["""spec.workloadSelector.labels: Invalid value: "object": wildcard not allowed in label value match"""]
        },
        {
            """{"hosts":["a"],"endpoints":[{"address":"1.1.1.1"}],"resolution":"STATIC","workloadSelector":null}""",
            []
        },
    };

    [Theory]
    [MemberData(nameof(ServiceEntryCases))]
    public void ServiceEntry_rules_from_the_upstream_crd_are_enforced(string spec, string[] expected)
    {
        var errors = pipeline.ValidateAndDefault(SpecSchema(ServiceEntrySpec), Obj($$"""{"spec":{{spec}}}"""), null);

        Assert.Equal(expected, errors.Select(Render).ToArray());
    }

    public static TheoryData<string, string, bool> LibraryCases() => new()
    {
        { "self.lowerAscii() == 'mixed'", "\"MiXeD\"", true },
        { "self.upperAscii() == 'MIXED'", "\"MiXeD\"", true },
        { "self.matches('^[a-z]+$')", "\"abc1\"", false },
        { "self.startsWith('ab') && self.endsWith('yz') && self.contains('m')", "\"abmyz\"", true },
        { "self.substring(1) == 'bc' && self.indexOf('c') == 2", "\"abc\"", true },
        { "size(self) == 3 && self.size() == 3", "\"a😀b\"", true },
        { "isIP(self) && ip(self).family() == 4", "\"10.1.2.3\"", true },
        { "isIP(self)", "\"010.1.2.3\"", false },
        { "isIP(self) && ip(self).family() == 6", "\"fd00::1\"", true },
        { "isCIDR(self) && cidr(self).containsIP('10.0.0.5') && cidr(self).prefixLength() == 24", "\"10.0.0.0/24\"", true },
        { "cidr(self).containsIP(ip('10.0.1.5'))", "\"10.0.0.0/24\"", false },
        { "isCIDR(self)", "\"10.0.0.0/40\"", false },
        { "self.map(x, x * 2).exists(x, x == 6)", "[1,2,3]", true },
        { "self.filter(x, x > 1).size() == 2", "[1,2,3]", true },
        { "self.exists_one(x, x == 2)", "[2,2]", false },
        { "self.all(k, self[k].startsWith('v'))", """{"a":"v1","b":"v2"}""", true },
        { "'a' in self && !('z' in self)", """{"a":"v1"}""", true },
        { "self.split(',').join('-') == 'a-b'", "\"a,b\"", true },
    };

    [Theory]
    [MemberData(nameof(LibraryCases))]
    public void Kubernetes_cel_library_functions_behave_as_documented(string rule, string value, bool valid)
    {
        var schema = SpecSchema($$"""{"x-kubernetes-preserve-unknown-fields":true,"x-kubernetes-validations":[{"rule":{{System.Text.Json.JsonSerializer.Serialize(rule)}}}]}""");

        var errors = pipeline.ValidateAndDefault(schema, Obj($$"""{"spec":{{value}}}"""), null);

        if (valid)
        {
            Assert.Empty(errors);
        }
        else
        {
            Assert.Equal("failed rule: " + rule, Assert.Single(errors).Detail.Split(": ", 3)[2]);
        }
    }

    private const string ImmutableSpec = """
        {"type":"object","properties":{
          "serviceName":{"type":"string","x-kubernetes-validations":[{"message":"Value is immutable","rule":"self == oldSelf"}]},
          "replicas":{"type":"integer","x-kubernetes-validations":[{"message":"may only grow","rule":"self >= oldSelf"},{"message":"at most 10","rule":"self <= 10"}]},
          "ports":{"type":"array","x-kubernetes-list-type":"map","x-kubernetes-list-map-keys":["name"],"items":{"type":"object",
            "x-kubernetes-validations":[{"message":"port of a named entry is immutable","rule":"self.number == oldSelf.number"}],
            "properties":{"name":{"type":"string"},"number":{"type":"integer"}}}}}}
        """;

    [Fact]
    public void Transition_rules_are_skipped_on_create()
    {
        var errors = pipeline.ValidateAndDefault(SpecSchema(ImmutableSpec), Obj("""{"spec":{"serviceName":"a","replicas":11}}"""), null);

        Assert.Equal(["""spec.replicas: Invalid value: "integer": at most 10"""], errors.Select(Render).ToArray());
    }

    [Fact]
    public void Transition_rules_compare_with_the_old_object_on_update()
    {
        var old = Obj("""{"spec":{"serviceName":"a","replicas":3}}""");

        var changed = pipeline.ValidateAndDefault(SpecSchema(ImmutableSpec), Obj("""{"spec":{"serviceName":"b","replicas":2}}"""), old);
        var same = pipeline.ValidateAndDefault(SpecSchema(ImmutableSpec), Obj("""{"spec":{"serviceName":"a","replicas":4}}"""), old);

        Assert.Equal(
            ["""spec.serviceName: Invalid value: "string": Value is immutable""", """spec.replicas: Invalid value: "integer": may only grow"""],
            changed.Select(Render).ToArray());
        Assert.Empty(same);
    }

    [Fact]
    public void Transition_rules_skip_fields_that_were_absent_in_the_old_object()
    {
        var errors = pipeline.ValidateAndDefault(SpecSchema(ImmutableSpec), Obj("""{"spec":{"serviceName":"new"}}"""), Obj("""{"spec":{}}"""));

        Assert.Empty(errors);
    }

    [Fact]
    public void Map_list_items_correlate_with_old_items_by_key_not_position()
    {
        var old = Obj("""{"spec":{"ports":[{"name":"http","number":80},{"name":"dns","number":53}]}}""");
        var reordered = Obj("""{"spec":{"ports":[{"name":"dns","number":53},{"name":"http","number":80},{"name":"new","number":1}]}}""");
        var changed = Obj("""{"spec":{"ports":[{"name":"dns","number":54}]}}""");

        Assert.Empty(pipeline.ValidateAndDefault(SpecSchema(ImmutableSpec), reordered, old));
        Assert.Equal(
            ["""spec.ports[0]: Invalid value: "object": port of a named entry is immutable"""],
            pipeline.ValidateAndDefault(SpecSchema(ImmutableSpec), changed, old).Select(Render).ToArray());
    }

    [Fact]
    public void MessageExpression_fieldPath_and_reason_shape_the_error()
    {
        var schema = SpecSchema("""
            {"type":"object","properties":{"min":{"type":"integer"},"max":{"type":"integer"}},
             "x-kubernetes-validations":[
               {"rule":"self.min <= self.max","messageExpression":"'min ' + string(self.min) + ' exceeds max ' + string(self.max)","fieldPath":".min","reason":"FieldValueForbidden"},
               {"rule":"self.max < 100","message":"max too large","reason":"FieldValueRequired","fieldPath":".max"}]}
            """);

        var errors = pipeline.ValidateAndDefault(schema, Obj("""{"spec":{"min":5,"max":200}}"""), null);
        var first = pipeline.ValidateAndDefault(schema, Obj("""{"spec":{"min":500,"max":20}}"""), null);

        Assert.Equal(["spec.max: Required value: max too large"], errors.Select(Render).ToArray());
        Assert.Equal("FieldValueRequired", errors[0].Type);
        Assert.Equal(["spec.min: Forbidden: min 500 exceeds max 20"], first.Select(Render).ToArray());
        Assert.Equal("FieldValueForbidden", first[0].Type);
    }

    [Fact]
    public void A_rule_that_does_not_compile_is_a_validation_error_not_an_exception()
    {
        var schema = SpecSchema("""{"type":"string","x-kubernetes-validations":[{"rule":"self ==","message":"m"}]}""");

        var errors = pipeline.ValidateAndDefault(schema, Obj("""{"spec":"x"}"""), null);
        var crdErrors = pipeline.CheckRules(schema);

        var error = Assert.Single(errors);
        Assert.Equal("spec", error.Path);
        Assert.StartsWith("""Invalid value: "string": rule compile error: compilation failed:""", error.Detail, StringComparison.Ordinal);
        Assert.Equal("openAPIV3Schema.properties[spec].x-kubernetes-validations[0].rule", Assert.Single(crdErrors).Path);
    }

    [Fact]
    public void A_rule_that_fails_at_runtime_is_reported_on_its_field()
    {
        var schema = SpecSchema("""
            {"type":"object","x-kubernetes-preserve-unknown-fields":true,"x-kubernetes-validations":[
              {"rule":"noSuchFunction(self) == 1"},{"rule":"self.missing == 1"},{"rule":"self.a / 0 == 1","message":"ratio"},{"rule":"[1][3] == 1"}]}
            """);

        var errors = pipeline.ValidateAndDefault(schema, Obj("""{"spec":{"a":1}}"""), null);

        Assert.All(errors, e => Assert.Equal("FieldValueInvalid", e.Type));
        Assert.Equal(
            [
                """spec: Invalid value: "object": undeclared reference to 'noSuchFunction' evaluating rule: noSuchFunction(self) == 1""",
                """spec: Invalid value: "object": no such key: missing evaluating rule: self.missing == 1""",
                """spec: Invalid value: "object": division by zero evaluating rule: ratio""",
                """spec: Invalid value: "object": index out of bounds evaluating rule: [1][3] == 1""",
            ],
            errors.Select(Render).ToArray());
    }

    [Fact]
    public void Root_rules_see_only_the_name_and_generateName_of_metadata()
    {
        var schema = SchemaJson.Schema("""
            {"type":"object","properties":{"spec":{"type":"object","properties":{"prefix":{"type":"string"}}}},
             "x-kubernetes-validations":[
               {"rule":"self.metadata.name.startsWith(self.spec.prefix)","message":"name must start with spec.prefix"},
               {"rule":"!has(self.metadata.labels)","message":"labels are not visible to rules"}]}
            """);

        var ok = pipeline.ValidateAndDefault(schema, Obj("""{"metadata":{"name":"web-1","labels":{"a":"b"}},"spec":{"prefix":"web"}}"""), null);
        var bad = pipeline.ValidateAndDefault(schema, Obj("""{"metadata":{"name":"api-1"},"spec":{"prefix":"web"}}"""), null);

        Assert.Empty(ok);
        Assert.Equal(["""Invalid value: "object": name must start with spec.prefix"""], bad.Select(Render).ToArray());
    }

    [Fact]
    public void Compiled_programs_are_cached_per_rule_text()
    {
        var compiler = new CelRuleCompiler();

        var first = compiler.Compile("self.size() > 1");
        var second = compiler.Compile("self.size() > 1");

        Assert.Same(first, second);
        Assert.NotSame(first, compiler.Compile("self.size() > 2"));
    }

    [Theory]
    [InlineData("self == oldSelf", true)]
    [InlineData("self.oldSelfCount > 1", false)]
    [InlineData("self.x == 'oldSelf'", false)]
    [InlineData("has(oldSelf.x) ? oldSelf.x == self.x : true", true)]
    public void Transition_rules_are_recognised_by_their_use_of_oldSelf(string rule, bool transition) =>
        Assert.Equal(transition, CelRuleCompiler.ReferencesOldSelf(rule));
}
