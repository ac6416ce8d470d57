using k8s.Models;
using Platform.Crds.Generator;
using Platform.Crds.Tests.TestEntities;

namespace Platform.Crds.Tests.Generation;

public sealed class CrdGeneratorTests
{
    private static readonly Type[] ValidEntities =
    [
        typeof(Gadget), typeof(V1Thing), typeof(V1Beta1Thing), typeof(V1Alpha3Thing), typeof(V2Beta1Thing), typeof(Policy),
        typeof(IgnoredGadget), typeof(NotAnEntity), typeof(string),
    ];

    private static CrdGeneration Generate(params Type[] types) => new CrdGenerator().Generate(types);

    private static V1CustomResourceDefinition Crd(string name) =>
        Generate(ValidEntities).Definitions.Single(d => d.Metadata.Name == name);

    private static V1JSONSchemaProps Root(V1CustomResourceDefinition crd, string version = "v1") =>
        crd.Spec.Versions.Single(v => v.Name == version).Schema.OpenAPIV3Schema;

    [Fact]
    public void One_crd_per_kind_named_plural_dot_group_ignoring_non_entities_and_IgnoreEntity()
    {
        var generation = Generate(ValidEntities);

        Assert.Equal(
            ["gadgets.tests.platform.example", "policies.tests.platform.example", "things.tests.platform.example"],
            generation.Definitions.Select(d => d.Metadata.Name));
        Assert.Equal(
            ["gadgets.tests.platform.example.yaml", "policies.tests.platform.example.yaml", "things.tests.platform.example.yaml"],
            generation.Files.Select(f => f.FileName));
        Assert.All(generation.Definitions, d => Assert.Equal(("apiextensions.k8s.io/v1", "CustomResourceDefinition"), (d.ApiVersion, d.Kind)));
    }

    [Fact]
    public void Names_scope_and_short_names_come_from_the_attributes()
    {
        var gadget = Crd("gadgets.tests.platform.example");
        var policy = Crd("policies.tests.platform.example");
        var thing = Crd("things.tests.platform.example");

        Assert.Equal(("tests.platform.example", "Gadget", "GadgetList", "gadgets", "gadget"),
            (gadget.Spec.Group, gadget.Spec.Names.Kind, gadget.Spec.Names.ListKind, gadget.Spec.Names.Plural, gadget.Spec.Names.Singular));
        Assert.Equal(["gd", "gdt"], gadget.Spec.Names.ShortNames);
        Assert.Equal("Namespaced", gadget.Spec.Scope);
        Assert.Equal("Cluster", thing.Spec.Scope);
        Assert.Equal(["th"], thing.Spec.Names.ShortNames);
        Assert.Null(policy.Spec.Names.ShortNames);
        Assert.Equal("policies", policy.Spec.Names.Plural);
    }

    [Fact]
    public void Every_version_of_a_kind_is_served_in_kubernetes_priority_order_with_one_storage_version()
    {
        var thing = Crd("things.tests.platform.example");

        Assert.Equal(["v1", "v2beta1", "v1beta1", "v1alpha3"], thing.Spec.Versions.Select(v => v.Name));
        Assert.All(thing.Spec.Versions, v => Assert.True(v.Served));
        Assert.Equal(["v1"], thing.Spec.Versions.Where(v => v.Storage).Select(v => v.Name));
    }

    [Fact]
    public void The_only_version_is_the_storage_version_without_the_attribute()
    {
        var policy = Crd("policies.tests.platform.example");

        var version = Assert.Single(policy.Spec.Versions);
        Assert.Equal(("v1alpha1", true, true), (version.Name, version.Served, version.Storage));
    }

    [Fact]
    public void The_root_schema_has_apiVersion_kind_metadata_spec_and_status_with_descriptions()
    {
        var root = Root(Crd("gadgets.tests.platform.example"));

        Assert.Equal("object", root.Type);
        Assert.Equal("A gadget for tests.", root.Description);
        Assert.Equal(["apiVersion", "kind", "metadata", "spec", "status"], root.Properties.Keys);
        Assert.StartsWith("APIVersion defines the versioned schema", root.Properties["apiVersion"].Description, StringComparison.Ordinal);
        Assert.StartsWith("Kind is a string value", root.Properties["kind"].Description, StringComparison.Ordinal);
        Assert.Equal("object", root.Properties["metadata"].Type);
        Assert.Null(root.Properties["metadata"].Properties);
        Assert.Equal("What the gadget should be.", root.Properties["spec"].Description);
        Assert.Equal("What the gadget is.", root.Properties["status"].Description);
    }

    [Fact]
    public void A_required_spec_field_makes_spec_required()
    {
        Assert.Equal(["spec"], Root(Crd("gadgets.tests.platform.example")).Required);
        Assert.Null(Root(Crd("policies.tests.platform.example"), "v1alpha1").Required);
    }

    [Fact]
    public void Entity_level_validation_rules_go_on_the_root_schema()
    {
        var rule = Assert.Single(Root(Crd("gadgets.tests.platform.example")).XKubernetesValidations);

        Assert.Equal(("self.metadata.name.size() < 20", "short names only"), (rule.Rule, rule.Message));
    }

    [Fact]
    public void The_status_subresource_exists_only_when_the_entity_has_a_status()
    {
        Assert.NotNull(Crd("gadgets.tests.platform.example").Spec.Versions[0].Subresources?.Status);
        Assert.Null(Crd("policies.tests.platform.example").Spec.Versions[0].Subresources);
    }

    [Fact]
    public void Printer_columns_come_from_marked_properties_in_declaration_order_at_any_depth_then_from_the_class()
    {
        var columns = Crd("gadgets.tests.platform.example").Spec.Versions[0].AdditionalPrinterColumns;

        Assert.Equal(
            [
                ("size", ".spec.size", "integer", (int?)1, null),
                ("Built", ".spec.built", "date", null, null),
                ("Parts", ".spec.parts", "string", null, "x"),
                ("Weight", ".spec.part.weight", "number", null, null),
                ("Phase", ".status.phase", "string", null, null),
                ("Age", ".metadata.creationTimestamp", "date", null, null),
                ("Heavy", ".spec.part.weight", "number", 1, "double"),
            ],
            columns.Select(c => (c.Name, c.JsonPath, c.Type, c.Priority, (string?)c.Format)));
        Assert.Equal("When it was built.", columns[1].Description);
        Assert.Equal("Time since creation.", columns[5].Description);
    }

    [Fact]
    public void An_entity_without_columns_has_none()
    {
        Assert.Null(Crd("policies.tests.platform.example").Spec.Versions[0].AdditionalPrinterColumns);
    }

    [Fact]
    public void Generation_is_deterministic()
    {
        var first = Generate(ValidEntities).Files;
        var second = Generate(ValidEntities.Reverse().ToArray()).Files;

        Assert.Equal(first, second);
    }

    [Fact]
    public void Files_start_with_the_generator_header_and_hold_the_crd_yaml()
    {
        var file = Generate(typeof(Policy)).Files.Single();

        Assert.StartsWith("# Generated by Platform.Crds.Generator", file.Content, StringComparison.Ordinal);
        Assert.Contains("\nkind: CustomResourceDefinition\n", file.Content, StringComparison.Ordinal);
        Assert.Contains("\n  name: policies.tests.platform.example\n", file.Content, StringComparison.Ordinal);
        Assert.DoesNotContain("\r", file.Content, StringComparison.Ordinal);
        Assert.EndsWith("\n", file.Content, StringComparison.Ordinal);

        var parsed = k8s.KubernetesYaml.Deserialize<V1CustomResourceDefinition>(file.Content);
        Assert.Equal("Policy", parsed.Spec.Names.Kind);
        Assert.Equal("v1alpha1", parsed.Spec.Versions.Single().Name);
    }

    [Theory]
    [InlineData(new[] { typeof(V1Thing), typeof(SecondStorageThing) }, "several versions are marked [StorageVersion] (v1, v2)")]
    [InlineData(new[] { typeof(V1Beta1Thing), typeof(V1Alpha3Thing) }, "mark exactly one [StorageVersion]")]
    [InlineData(new[] { typeof(V1Beta1Thing), typeof(DuplicateVersionThing), typeof(V1Thing) }, "version v1beta1 is declared by several classes")]
    [InlineData(new[] { typeof(V1Thing), typeof(NamespacedThing) }, "disagree on [EntityScope]")]
    [InlineData(new[] { typeof(NoGroupEntity) }, "must be a DNS subdomain with at least one dot")]
    [InlineData(new[] { typeof(CyclicEntity) }, "CyclicEntity(v1).spec.children[*]: type cycle")]
    [InlineData(new[] { typeof(BadColumnEntity) }, "printer column 'Colour' has type 'array'")]
    public void Invalid_entity_sets_fail_with_a_clear_message(Type[] types, string expected)
    {
        var error = Assert.Throws<CrdGenerationException>(() => Generate(types));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("gadget", "gadgets")]
    [InlineData("policy", "policies")]
    [InlineData("gateway", "gateways")]
    [InlineData("address", "addresses")]
    [InlineData("box", "boxes")]
    [InlineData("mesh", "meshes")]
    [InlineData("serviceentry", "serviceentries")]
    public void Plural_names_default_to_english_plurals(string singular, string plural)
    {
        Assert.Equal(plural, Platform.Crds.Generator.Entities.EntityDiscovery.Pluralize(singular));
    }
}
