using k8s.Models;
using Platform.Crds.Generator;
using Platform.Crds.Generator.Schema;
using Platform.Crds.Tests.TestTypes;

namespace Platform.Crds.Tests.Schema;

public sealed class SchemaMappingTests
{
    private static V1JSONSchemaProps Map<T>() => new SchemaMapper().MapType(typeof(T), null, typeof(T).Name, stopAtCycle: false);

    private static V1JSONSchemaProps Field<T>(string name)
    {
        var schema = Map<T>();
        Assert.NotNull(schema.Properties);
        Assert.True(schema.Properties.TryGetValue(name, out var field), $"{typeof(T).Name} has no field '{name}'; fields: {string.Join(", ", schema.Properties.Keys)}");
        return field!;
    }

    private static V1JSONSchemaProps Items(V1JSONSchemaProps schema) => Assert.IsType<V1JSONSchemaProps>(schema.Items);

    private static V1JSONSchemaProps Values(V1JSONSchemaProps schema) => Assert.IsType<V1JSONSchemaProps>(schema.AdditionalProperties);

    [Theory]
    [InlineData("text", "string", null)]
    [InlineData("letter", "string", null)]
    [InlineData("int", "integer", "int32")]
    [InlineData("short", "integer", "int32")]
    [InlineData("long", "integer", "int64")]
    [InlineData("float", "number", "float")]
    [InlineData("double", "number", "double")]
    [InlineData("decimal", "number", "decimal")]
    [InlineData("flag", "boolean", null)]
    [InlineData("when", "string", "date-time")]
    [InlineData("at", "string", "date-time")]
    [InlineData("id", "string", "uuid")]
    [InlineData("data", "string", "byte")]
    [InlineData("memory", "string", null)]
    [InlineData("link", "string", "uri")]
    [InlineData("meta", "object", null)]
    public void Scalars_map_to_their_openapi_type_and_format(string field, string type, string? format)
    {
        var schema = Field<ScalarFields>(field);

        Assert.Equal(type, schema.Type);
        Assert.Equal(format, schema.Format);
        Assert.Null(schema.Nullable);
        Assert.Null(schema.Properties);
    }

    [Fact]
    public void Unsigned_integers_get_their_range()
    {
        var port = Field<ScalarFields>("port");
        var small = Field<ScalarFields>("small");

        Assert.Equal(("integer", 0d, 4294967295d), (port.Type, port.Minimum, port.Maximum));
        Assert.Equal(("integer", 0d, 65535d), (small.Type, small.Minimum, small.Maximum));
    }

    [Fact]
    public void IntOrString_is_marked_int_or_string_without_a_type()
    {
        var target = Field<ScalarFields>("target");

        Assert.True(target.XKubernetesIntOrString);
        Assert.Null(target.Type);
    }

    [Fact]
    public void Object_keeps_unknown_fields_and_JsonElement_is_any_value()
    {
        var anything = Field<ScalarFields>("anything");
        var raw = Field<ScalarFields>("raw");

        Assert.Equal(("object", true), (anything.Type, anything.XKubernetesPreserveUnknownFields));
        Assert.Equal((null, true), (raw.Type, raw.XKubernetesPreserveUnknownFields));
    }

    [Fact]
    public void Enums_are_strings_listing_member_names_and_honour_JsonStringEnumMemberName()
    {
        var mode = Field<ScalarFields>("mode");

        Assert.Equal("string", mode.Type);
        Assert.Equal(["first-mode", "Second"], mode.EnumProperty.Cast<string>());
    }

    [Theory]
    [InlineData("optionalText", "string")]
    [InlineData("optionalInt", "integer")]
    [InlineData("optionalMode", "string")]
    [InlineData("optionalObject", "object")]
    public void Nullable_value_and_reference_types_are_nullable(string field, string type)
    {
        var schema = Field<NullabilityFields>(field);

        Assert.Equal(type, schema.Type);
        Assert.True(schema.Nullable);
    }

    [Theory]
    [InlineData("presentText")]
    [InlineData("presentInt")]
    public void Non_nullable_fields_do_not_say_nullable(string field) => Assert.Null(Field<NullabilityFields>(field).Nullable);

    [Fact]
    public void Nullability_of_list_items_and_map_values_is_kept()
    {
        Assert.True(Items(Field<NullabilityFields>("listOfNullable")).Nullable);
        Assert.True(Items(Field<NullabilityFields>("listOfNullableInts")).Nullable);
        Assert.True(Values(Field<NullabilityFields>("mapOfNullable")).Nullable);
        Assert.Null(Field<NullabilityFields>("listOfNullable").Nullable);
    }

    [Theory]
    [InlineData("list", "string")]
    [InlineData("array", "string")]
    [InlineData("enumerable", "integer")]
    [InlineData("objects", "object")]
    [InlineData("nested", "array")]
    public void Enumerables_are_arrays_of_their_element_schema(string field, string itemType)
    {
        var schema = Field<CollectionFields>(field);

        Assert.Equal("array", schema.Type);
        Assert.Equal(itemType, Items(schema).Type);
    }

    [Fact]
    public void Object_items_carry_their_properties_description_and_required()
    {
        var item = Items(Field<CollectionFields>("objects"));

        Assert.Equal("An item of a list.", item.Description);
        Assert.Equal(["name", "value"], item.Properties.Keys);
        Assert.Equal(["name"], item.Required);
    }

    [Theory]
    [InlineData("dictionary", "string")]
    [InlineData("objectMap", "object")]
    [InlineData("pairs", "integer")]
    public void Dictionaries_are_objects_with_additionalProperties(string field, string valueType)
    {
        var schema = Field<CollectionFields>(field);

        Assert.Equal("object", schema.Type);
        Assert.Null(schema.Properties);
        Assert.Equal(valueType, Values(schema).Type);
    }

    [Fact]
    public void A_non_generic_dictionary_keeps_unknown_fields()
    {
        var schema = Field<CollectionFields>("untyped");

        Assert.Equal(("object", true), (schema.Type, schema.XKubernetesPreserveUnknownFields));
    }

    [Fact]
    public void Built_in_models_map_through_their_json_names()
    {
        var selector = Field<CollectionFields>("selector");

        Assert.Equal(["matchExpressions", "matchLabels"], selector.Properties.Keys);
        Assert.Equal("string", Values(selector.Properties["matchLabels"]).Type);
        Assert.Equal(["key", "operator", "values"], Items(selector.Properties["matchExpressions"]).Properties.Keys);
    }

    [Fact]
    public void Label_selectors_carry_upstream_descriptions_required_keys_and_atomic_topology()
    {
        var selector = Field<CollectionFields>("selector");
        var requirement = Items(selector.Properties["matchExpressions"]);

        Assert.Equal("atomic", selector.XKubernetesMapType);
        Assert.Equal("atomic", selector.Properties["matchExpressions"].XKubernetesListType);
        Assert.Equal(["key", "operator"], requirement.Required);
        Assert.Equal("atomic", requirement.Properties["values"].XKubernetesListType);
        Assert.All(selector.Properties.Values.Concat(requirement.Properties.Values), p => Assert.False(string.IsNullOrWhiteSpace(p.Description)));
    }

    [Fact]
    public void A_built_in_Kubernetes_object_is_an_embedded_resource()
    {
        var pod = Field<CollectionFields>("pod");

        Assert.Equal("object", pod.Type);
        Assert.True(pod.XKubernetesEmbeddedResource);
        Assert.True(pod.XKubernetesPreserveUnknownFields);
        Assert.Null(pod.Properties);
    }

    [Fact]
    public void Names_come_from_JsonPropertyName_or_camelCase_and_are_sorted_ordinally()
    {
        var schema = Map<NamingFields>();

        Assert.Equal(["alpha", "ipAddressPools", "renamed_field", "zulu"], schema.Properties.Keys);
    }

    [Fact]
    public void Property_description_wins_over_the_type_description_which_is_the_fallback()
    {
        Assert.Equal("Property-level text.", Field<ConstraintFields>("overridden").Description);
        Assert.Equal("Type-level text.", Field<ConstraintFields>("inherited").Description);
    }

    [Fact]
    public void String_constraints_are_emitted()
    {
        var name = Field<ConstraintFields>("name");
        var shortField = Field<ConstraintFields>("short");

        Assert.Equal(("^[a-z]+$", 1L, 63L), (name.Pattern, name.MinLength, name.MaxLength));
        Assert.Equal((null, 10L), (shortField.MinLength, shortField.MaxLength));
    }

    [Fact]
    public void Numeric_ranges_and_multipleOf_are_emitted_with_exclusivity_only_when_set()
    {
        var percent = Field<ConstraintFields>("percent");
        var step = Field<ConstraintFields>("step");

        Assert.Equal((1d, null, 100d, true), (percent.Minimum, percent.ExclusiveMinimum, percent.Maximum, percent.ExclusiveMaximum));
        Assert.Equal((0d, true, 0.5), (step.Minimum, step.ExclusiveMinimum, step.MultipleOf));
        Assert.Null(step.Maximum);
    }

    [Fact]
    public void Item_and_property_limits_are_emitted()
    {
        var tags = Field<ConstraintFields>("tags");
        var labels = Field<ConstraintFields>("labels");

        Assert.Equal((1L, 5L), (tags.MinItems, tags.MaxItems));
        Assert.Equal((null, 8L), (labels.MinProperties, labels.MaxProperties));
    }

    [Fact]
    public void EnumValues_restrict_a_string()
    {
        Assert.Equal(["Cluster", "Local"], Field<ConstraintFields>("policy").EnumProperty.Cast<string>());
    }

    [Fact]
    public void Defaults_are_parsed_from_json()
    {
        Assert.Equal(true, Field<ConstraintFields>("enabled").DefaultProperty);
        Assert.Equal("Cluster", Field<ConstraintFields>("mode").DefaultProperty);

        var settings = Assert.IsType<Dictionary<string, object?>>(Field<ConstraintFields>("settings").DefaultProperty);
        Assert.Equal(1L, settings["a"]);
        Assert.Equal([true, null, 1.5], Assert.IsType<List<object?>>(settings["b"]));
    }

    [Fact]
    public void Example_title_and_format_are_emitted()
    {
        var host = Field<ConstraintFields>("host");

        Assert.Equal(("example.com", "Host name", "hostname"), (host.Example, host.Title, host.Format));
    }

    [Fact]
    public void List_and_map_topology_markers_are_emitted()
    {
        var schema = Map<TopologyFields>();

        Assert.Equal("set", schema.Properties["set"].XKubernetesListType);
        Assert.Equal("atomic", schema.Properties["atomic"].XKubernetesListType);
        Assert.Equal("map", schema.Properties["keyed"].XKubernetesListType);
        Assert.Equal(["name"], schema.Properties["keyed"].XKubernetesListMapKeys);
        Assert.Equal("atomic", schema.Properties["atomicMap"].XKubernetesMapType);
        Assert.Equal("granular", schema.Properties["granular"].XKubernetesMapType);
    }

    [Fact]
    public void PreserveUnknownFields_on_a_property_keeps_its_known_properties()
    {
        var open = Field<TopologyFields>("open");

        Assert.True(open.XKubernetesPreserveUnknownFields);
        Assert.Equal(["name", "value"], open.Properties.Keys);
    }

    [Fact]
    public void EmbeddedResource_drops_the_properties_and_keeps_unknown_fields()
    {
        var embedded = Field<TopologyFields>("embedded");

        Assert.Equal(("object", true, true), (embedded.Type, embedded.XKubernetesEmbeddedResource, embedded.XKubernetesPreserveUnknownFields));
        Assert.Null(embedded.Properties);
        Assert.Null(embedded.Required);
    }

    [Fact]
    public void Validation_rules_of_types_and_properties_become_x_kubernetes_validations()
    {
        var schema = Map<ValidatedFields>();
        var typeRule = Assert.Single(schema.XKubernetesValidations);
        var hostRules = schema.Properties["host"].XKubernetesValidations;

        Assert.Equal(("has(self.start) == has(self.end)", "start and end go together"), (typeRule.Rule, typeRule.Message));
        Assert.Equal(2, hostRules.Count);
        var full = hostRules.Single(r => r.Rule == "self != '*'");
        Assert.Equal((".host", "hostname cannot be wildcard", "'bad: ' + self", "FieldValueInvalid"), (full.FieldPath, full.Message, full.MessageExpression, full.Reason));
        var bare = hostRules.Single(r => r.Rule == "size(self) <= 253");
        Assert.Null(bare.Message);
        Assert.Null(bare.FieldPath);
    }

    [Fact]
    public void A_type_cycle_fails_with_the_chain_and_the_way_out()
    {
        var error = Assert.Throws<CrdGenerationException>(Map<SelfReferencingNode>);

        Assert.Contains("SelfReferencingNode -> SelfReferencingNode", error.Message, StringComparison.Ordinal);
        Assert.Contains("[PreserveUnknownFields]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_cycle_through_two_types_fails()
    {
        var error = Assert.Throws<CrdGenerationException>(Map<MutualA>);

        Assert.Contains("MutualA -> MutualB -> MutualA", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_cycle_through_a_PreserveUnknownFields_property_or_type_stops_there()
    {
        var broken = Map<BrokenCycle>();
        var next = broken.Properties["next"];
        var open = Map<OpenType>();

        Assert.Equal(["name", "next"], broken.Properties.Keys);
        Assert.Equal(("object", true), (next.Type, next.XKubernetesPreserveUnknownFields));
        Assert.Equal(["known", "next"], open.Properties.Keys);
        Assert.Null(open.Properties["next"].Properties);
        Assert.True(open.Properties["next"].XKubernetesPreserveUnknownFields);
    }

    [Fact]
    public void The_same_type_used_twice_is_not_a_cycle_and_gets_independent_schemas()
    {
        var schema = Map<RepeatedType>();

        Assert.NotSame(schema.Properties["first"], schema.Properties["second"]);
        Assert.Equal(schema.Properties["first"].Properties.Keys, schema.Properties["second"].Properties.Keys);
    }

    [Theory]
    [InlineData(typeof(PatternOnNumber), "[Pattern] applies to string fields")]
    [InlineData(typeof(ListTypeOnString), "[XListType] applies to array fields")]
    [InlineData(typeof(MapListWithoutKeys), "needs [XListMapKeys")]
    [InlineData(typeof(MapListOptionalKey), "list map key 'value' must be [Required] or have a [DefaultValue]")]
    [InlineData(typeof(InvalidDefault), "is not valid JSON")]
    [InlineData(typeof(DuplicateJsonName), "both serialize as 'name'")]
    [InlineData(typeof(UnsupportedField), "System.TimeSpan has no schema mapping")]
    [InlineData(typeof(UnsupportedClassField), "System.Version has no schema mapping")]
    [InlineData(typeof(LookAlikeAttribute), "[System.ComponentModel.DescriptionAttribute] is not read by the CRD generator; use [Platform.Operator.Abstractions.Entities.Attributes.DescriptionAttribute]")]
    public void Misused_attributes_and_unmappable_types_fail_with_a_clear_message(Type type, string expected)
    {
        var error = Assert.Throws<CrdGenerationException>(() => new SchemaMapper().MapType(type, null, type.Name, stopAtCycle: false));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.StartsWith(type.Name, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Fields_without_a_description_are_reported_as_warnings()
    {
        var mapper = new SchemaMapper();
        mapper.MapType(typeof(NestedItem), null, "Item", stopAtCycle: false);

        Assert.Equal(["Item.value has no [Description]; kubectl explain shows nothing for it."], mapper.Warnings);
    }
}
