using System.Text.Json.Nodes;
using Platform.Sandbox.Tests.Infrastructure;

namespace Platform.Sandbox.Tests.Schema;

/// <summary>The schema pipeline as the running API server applies it to custom resources.</summary>
public sealed class SchemaValidationThroughApiTests : IAsyncLifetime
{
    private const string Widgets = "/apis/example.com/v1/namespaces/default/widgets";
    private readonly SandboxHost host = new(o => o.EnableSchemaValidation = true);

    public async Task InitializeAsync()
    {
        await host.InitializeAsync();
        var (code, _) = await host.PostAsync("/apis/apiextensions.k8s.io/v1/customresourcedefinitions", JsonNode.Parse("""
            {"apiVersion":"apiextensions.k8s.io/v1","kind":"CustomResourceDefinition","metadata":{"name":"widgets.example.com"},
             "spec":{"group":"example.com","scope":"Namespaced","names":{"plural":"widgets","singular":"widget","kind":"Widget"},
              "versions":[{"name":"v1","served":true,"storage":true,"schema":{"openAPIV3Schema":{"type":"object","properties":{
                "spec":{"type":"object","required":["port"],"properties":{
                  "port":{"type":"integer","maximum":65535},
                  "mode":{"type":"string","enum":["A","B"],"default":"A"},
                  "owner":{"type":"string","x-kubernetes-validations":[{"rule":"self == oldSelf","message":"Value is immutable"}]}}}}}}}]}}
            """)!.AsObject());
        Assert.Equal(201, code);
    }

    public Task DisposeAsync() => host.DisposeAsync();

    private static JsonObject Widget(string name, string spec) =>
        JsonNode.Parse($$$"""{"apiVersion":"example.com/v1","kind":"Widget","metadata":{"name":"{{{name}}}"},"spec":{{{spec}}}}""")!.AsObject();

    [Fact]
    public async Task Invalid_custom_resources_are_422_with_one_cause_per_field_error()
    {
        var (code, status) = await host.PostAsync(Widgets, Widget("bad", """{"port":70000,"mode":"C"}"""));

        Assert.Equal(422, code);
        Assert.Equal("Invalid", status!["reason"]!.GetValue<string>());
        var causes = status["details"]!["causes"]!.AsArray().Select(c => (c!["field"]!.GetValue<string>(), c["reason"]!.GetValue<string>(), c["message"]!.GetValue<string>())).ToList();
        Assert.Contains(("spec.port", "FieldValueInvalid", "Invalid value: 70000: spec.port in body should be less than or equal to 65535"), causes);
        Assert.Contains(("spec.mode", "FieldValueNotSupported", "Unsupported value: \"C\": supported values: \"A\", \"B\""), causes);
    }

    [Fact]
    public async Task Stored_custom_resources_are_defaulted_and_pruned()
    {
        var (code, created) = await host.PostAsync(Widgets, Widget("ok", """{"port":80,"stray":true}"""));

        Assert.Equal(201, code);
        Assert.Equal("A", created!["spec"]!["mode"]!.GetValue<string>());
        Assert.Null(created["spec"]!["stray"]);
    }

    [Fact]
    public async Task Transition_rules_reject_an_update_that_changes_an_immutable_field()
    {
        var (_, created) = await host.PostAsync(Widgets, Widget("owned", """{"port":80,"owner":"team-a"}"""));
        created!["spec"]!["owner"] = "team-b";

        var (code, status) = await host.SendAsync(HttpMethod.Put, Widgets + "/owned", created.ToJsonString());

        Assert.Equal(422, code);
        Assert.Contains("spec.owner: Invalid value: \"string\": Value is immutable", status!["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }
}
