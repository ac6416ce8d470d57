using System.Text.Json.Nodes;
using Platform.Sandbox.Tests.Infrastructure;

namespace Platform.Sandbox.Tests;

/// <summary>
/// 422 messages as apierrors.NewInvalid words them: the qualified kind is GroupKind.String() — bare for the
/// core group, <c>Kind.group</c> otherwise — then the name and the field errors.
/// </summary>
public sealed class InvalidStatusWordingTests : IAsyncLifetime
{
    private readonly SandboxHost host = new(o => o.EnableSchemaValidation = true);

    public Task InitializeAsync() => host.InitializeAsync();

    public Task DisposeAsync() => host.DisposeAsync();

    [Fact]
    public async Task Core_kinds_are_named_without_a_group()
    {
        var (code, status) = await host.PostAsync("/api/v1/namespaces/default/pods",
            JsonNode.Parse("""{"apiVersion":"v1","kind":"Pod","metadata":{"name":"empty"},"spec":{}}""")!.AsObject());

        Assert.Equal(422, code);
        Assert.Equal("Pod \"empty\" is invalid: spec.containers: Required value", status!["message"]!.GetValue<string>());
        Assert.Equal("Pod", status["details"]!["kind"]!.GetValue<string>());
    }

    [Fact]
    public async Task Kinds_of_named_groups_are_qualified_with_the_group()
    {
        var (code, status) = await host.PostAsync("/apis/apps/v1/namespaces/default/deployments",
            JsonNode.Parse("""{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"noselector"},"spec":{}}""")!.AsObject());

        Assert.Equal(422, code);
        Assert.Equal("Deployment.apps \"noselector\" is invalid: spec.selector: Required value", status!["message"]!.GetValue<string>());
        Assert.Equal("apps", status["details"]!["group"]!.GetValue<string>());
    }

    [Fact]
    public async Task Several_errors_are_listed_in_brackets()
    {
        var (code, status) = await host.PostAsync("/apis/apiextensions.k8s.io/v1/customresourcedefinitions",
            JsonNode.Parse("""{"apiVersion":"apiextensions.k8s.io/v1","kind":"CustomResourceDefinition","metadata":{"name":"things.example.com"},"spec":{"group":"example.com","scope":"Namespaced","versions":[{"name":"v1","served":true,"storage":true,"schema":{"openAPIV3Schema":{"type":"object"}}}]}}""")!.AsObject());

        Assert.Equal(422, code);
        Assert.Equal("CustomResourceDefinition.apiextensions.k8s.io \"things.example.com\" is invalid: [spec.names.plural: Required value, spec.names.kind: Required value]",
            status!["message"]!.GetValue<string>());
    }
}
