using System.Text.Json.Nodes;
using Platform.Sandbox.Tests.Infrastructure;

namespace Platform.Sandbox.Tests;

/// <summary>
/// CustomResourceDefinition handling as the apiextensions server does it: x-kubernetes-validations rules must
/// compile when the CRD is written, and schema defaults apply when objects are read back from storage.
/// </summary>
public sealed class CustomResourceDefinitionTests : IAsyncLifetime
{
    private const string Crds = "/apis/apiextensions.k8s.io/v1/customresourcedefinitions";
    private const string Gadgets = "/apis/example.com/v1/namespaces/default/gadgets";
    private readonly SandboxHost host = new(o => o.EnableSchemaValidation = true);

    public Task InitializeAsync() => host.InitializeAsync();

    public Task DisposeAsync() => host.DisposeAsync();

    private static JsonObject Crd(string specProperties) => JsonNode.Parse("""
        {"apiVersion":"apiextensions.k8s.io/v1","kind":"CustomResourceDefinition","metadata":{"name":"gadgets.example.com"},
         "spec":{"group":"example.com","scope":"Namespaced","names":{"plural":"gadgets","singular":"gadget","kind":"Gadget"},
          "versions":[{"name":"v1","served":true,"storage":true,"schema":{"openAPIV3Schema":{"type":"object","properties":{
            "spec":{"type":"object","properties":
        """ + specProperties + "}}}}}]}}")!.AsObject();

    [Fact]
    public async Task A_CRD_whose_validation_rule_does_not_compile_is_rejected_with_422()
    {
        var (code, status) = await host.PostAsync(Crds, Crd("""{"size":{"type":"integer","x-kubernetes-validations":[{"rule":"self >"}]}}"""));

        Assert.Equal(422, code);
        var cause = status!["details"]!["causes"]!.AsArray().Single()!;
        Assert.Equal("spec.versions[0].schema.openAPIV3Schema.properties[spec].properties[size].x-kubernetes-validations[0].rule", cause["field"]!.GetValue<string>());
        Assert.StartsWith("CustomResourceDefinition.apiextensions.k8s.io \"gadgets.example.com\" is invalid: spec.versions[0].schema.openAPIV3Schema",
            status["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(404, (await host.GetAsync(Crds + "/gadgets.example.com")).Code);
    }

    [Fact]
    public async Task A_CRD_update_that_adds_a_rule_that_does_not_compile_is_rejected()
    {
        var (created, crd) = await host.PostAsync(Crds, Crd("""{"size":{"type":"integer"}}"""));
        Assert.Equal(201, created);
        crd!["spec"]!["versions"]![0]!["schema"]!["openAPIV3Schema"]!["properties"]!["spec"]!["properties"]!["size"]!["x-kubernetes-validations"] =
            JsonNode.Parse("""[{"rule":"self <"}]""");

        var (code, status) = await host.SendAsync(HttpMethod.Put, Crds + "/gadgets.example.com", crd.ToJsonString());

        Assert.Equal(422, code);
        Assert.Contains("x-kubernetes-validations[0].rule", status!["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Defaults_added_to_a_CRD_later_show_on_existing_objects_when_read_listed_and_watched()
    {
        var (created, crd) = await host.PostAsync(Crds, Crd("""{"size":{"type":"integer"}}"""));
        Assert.Equal(201, created);
        Assert.Equal(201, (await host.PostAsync(Gadgets, JsonNode.Parse("""{"apiVersion":"example.com/v1","kind":"Gadget","metadata":{"name":"old"},"spec":{"size":1}}""")!.AsObject())).Code);
        crd!["spec"]!["versions"]![0]!["schema"]!["openAPIV3Schema"]!["properties"]!["spec"]!["properties"]!["colour"] =
            JsonNode.Parse("""{"type":"string","default":"blue"}""");
        var (updated, body) = await host.SendAsync(HttpMethod.Put, Crds + "/gadgets.example.com", crd.ToJsonString());
        Assert.True(updated == 200, body?.ToJsonString());

        var (_, one) = await host.GetAsync(Gadgets + "/old");
        var (_, list) = await host.GetAsync(Gadgets);
        var watched = JsonNode.Parse((await host.Http.GetStringAsync(Gadgets + "?watch=1&timeoutSeconds=1")).Split('\n')[0])!;

        Assert.Equal("blue", one!["spec"]!["colour"]!.GetValue<string>());
        Assert.Equal("blue", list!["items"]![0]!["spec"]!["colour"]!.GetValue<string>());
        Assert.Equal("ADDED", watched["type"]!.GetValue<string>());
        Assert.Equal("blue", watched["object"]!["spec"]!["colour"]!.GetValue<string>());
    }
}
