using System.Text.Json.Nodes;
using k8s.Models;
using Microsoft.Extensions.DependencyInjection;
using Platform.Sandbox.Api;
using Platform.Sandbox.Tests.Infrastructure;

namespace Platform.Sandbox.Tests;

/// <summary>CustomResourceDefinitions serve their resources; the schema and admission hooks are called.</summary>
public sealed class CustomResourceTests : IAsyncLifetime
{
    private readonly RecordingValidator _validator = new();
    private readonly RecordingAdmission _admission = new();
    private readonly SandboxHost _host;

    public CustomResourceTests()
    {
        _host = new SandboxHost(o => o.ConfigureServices = s =>
        {
            s.AddSingleton<ICustomResourceValidator>(_validator);
            s.AddSingleton<IAdmissionChain>(_admission);
        });
    }

    public Task InitializeAsync() => _host.InitializeAsync();

    public Task DisposeAsync() => _host.DisposeAsync();

    private static JsonObject Crd() => JsonNode.Parse("""
        {
          "apiVersion": "apiextensions.k8s.io/v1",
          "kind": "CustomResourceDefinition",
          "metadata": {"name": "widgets.example.com"},
          "spec": {
            "group": "example.com",
            "scope": "Namespaced",
            "names": {"plural": "widgets", "singular": "widget", "kind": "Widget", "shortNames": ["wg"]},
            "versions": [
              {"name": "v1", "served": true, "storage": true, "subresources": {"status": {}},
               "schema": {"openAPIV3Schema": {"type": "object", "properties": {"spec": {"type": "object", "properties": {"size": {"type": "integer", "description": "How big."}}}, "status": {"type": "object", "x-kubernetes-preserve-unknown-fields": true}}}}},
              {"name": "v1beta1", "served": true, "storage": false,
               "schema": {"openAPIV3Schema": {"type": "object", "x-kubernetes-preserve-unknown-fields": true}}}
            ]
          }
        }
        """)!.AsObject();

    private static JsonObject Widget(string name, string version = "v1", int size = 1) => new()
    {
        ["apiVersion"] = $"example.com/{version}",
        ["kind"] = "Widget",
        ["metadata"] = new JsonObject { ["name"] = name },
        ["spec"] = new JsonObject { ["size"] = size },
    };

    [Fact]
    public async Task Creating_a_crd_establishes_it_and_serves_every_served_version_from_one_storage()
    {
        var (code, crd) = await _host.PostAsync("/apis/apiextensions.k8s.io/v1/customresourcedefinitions", Crd());
        Assert.Equal(201, code);
        Assert.Contains(crd!["status"]!["conditions"]!.AsArray(), c => Objects.Str(c!["type"]) == "Established" && Objects.Str(c["status"]) == "True");

        var (_, discovery) = await _host.GetAsync("/apis/example.com/v1");
        Assert.Contains(discovery!["resources"]!.AsArray(), r => Objects.Str(r!["name"]) == "widgets/status");

        var (created, _) = await _host.PostAsync("/apis/example.com/v1/namespaces/default/widgets", Widget("w1"));
        Assert.Equal(201, created);
        var (read, viaBeta) = await _host.GetAsync("/apis/example.com/v1beta1/namespaces/default/widgets/w1");
        Assert.Equal(200, read);
        Assert.Equal("example.com/v1beta1", Objects.Str(viaBeta!["apiVersion"]));
        var (_, list) = await _host.GetAsync("/apis/example.com/v1beta1/widgets");
        Assert.Equal("example.com/v1beta1", Objects.Str(list!["items"]![0]!["apiVersion"]));

        var (status, afterStatus) = await _host.SendAsync(HttpMethod.Patch, "/apis/example.com/v1/namespaces/default/widgets/w1/status",
            """{"status":{"ready":true},"spec":{"size":99}}""", "application/merge-patch+json");
        Assert.Equal(200, status);
        Assert.True(afterStatus!["status"]!["ready"]!.GetValue<bool>());
        Assert.Equal(1, afterStatus["spec"]!["size"]!.GetValue<int>());

        // Strategic merge patch is not supported for custom resources.
        var (smp, _) = await _host.SendAsync(HttpMethod.Patch, "/apis/example.com/v1/namespaces/default/widgets/w1", "{}", "application/strategic-merge-patch+json");
        Assert.Equal(415, smp);

        // PUT on a custom resource requires metadata.resourceVersion.
        var (put, _) = await _host.SendAsync(HttpMethod.Put, "/apis/example.com/v1/namespaces/default/widgets/w1", Widget("w1").ToJsonString());
        Assert.Equal(422, put);
    }

    [Fact]
    public async Task Schema_hook_errors_become_422_with_causes_and_defaults_are_kept()
    {
        await _host.PostAsync("/apis/apiextensions.k8s.io/v1/customresourcedefinitions", Crd());
        var (code, status) = await _host.PostAsync("/apis/example.com/v1/namespaces/default/widgets", Widget("bad", size: -1));
        Assert.Equal(422, code);
        Assert.Equal("Invalid", Objects.Str(status!["reason"]));
        var cause = status["details"]!["causes"]![0]!;
        Assert.Equal("spec.size", Objects.Str(cause["field"]));
        Assert.Equal("FieldValueInvalid", Objects.Str(cause["reason"]));

        var (ok, created) = await _host.PostAsync("/apis/example.com/v1/namespaces/default/widgets", Widget("good"));
        Assert.Equal(201, ok);
        Assert.Equal("yes", Objects.Str(created!["spec"]!["defaulted"]));
        Assert.NotNull(_validator.LastSchema?.Properties?["spec"]);
    }

    [Fact]
    public async Task Admission_sees_create_update_delete_can_mutate_deny_and_warn()
    {
        var (_, cm) = await _host.PostAsync("/api/v1/namespaces/default/configmaps", Objects.ConfigMap("admitted"));
        Assert.Equal("true", Objects.Str(cm!["metadata"]!["annotations"]!["mutated"]));
        Assert.NotEqual("", Objects.Str(cm["metadata"]!["resourceVersion"]));
        var create = _admission.Seen.Single(a => a.Name == "admitted" && a.Operation == AdmissionOperation.Create);
        Assert.Equal("configmaps", create.Resource);
        Assert.Equal("ConfigMap", create.Kind);
        Assert.Equal("default", create.Namespace);
        Assert.Equal("sandbox-admin", create.UserInfo.Username);

        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/namespaces/default/configmaps")
        {
            Content = new StringContent(Objects.ConfigMap("warned").ToJsonString(), System.Text.Encoding.UTF8, "application/json"),
        };
        using var response = await _host.Http.SendAsync(request);
        Assert.Contains(response.Headers.GetValues("Warning"), w => w.Contains("careful", StringComparison.Ordinal));

        var (denied, status) = await _host.PostAsync("/api/v1/namespaces/default/configmaps", Objects.ConfigMap("deny-me"));
        Assert.Equal(403, denied);
        Assert.Equal("denied by test", Objects.Str(status!["message"]));
        Assert.Equal(404, (await _host.GetAsync("/api/v1/namespaces/default/configmaps/deny-me")).Code);

        await _host.SendAsync(HttpMethod.Delete, "/api/v1/namespaces/default/configmaps/admitted");
        var delete = _admission.Seen.Single(a => a.Name == "admitted" && a.Operation == AdmissionOperation.Delete);
        Assert.NotNull(delete.OldObject);
        Assert.Null(delete.Object);
    }

    private sealed class RecordingValidator : ICustomResourceValidator
    {
        public V1JSONSchemaProps? LastSchema { get; private set; }

        public IReadOnlyList<FieldError> ValidateAndDefault(V1JSONSchemaProps schema, JsonObject obj, JsonObject? old)
        {
            LastSchema = schema;
            if (obj["spec"]?["size"]?.GetValue<int>() < 0)
            {
                return [new FieldError("spec.size", "FieldValueInvalid", "Invalid value: -1: should be greater than or equal to 0")];
            }

            obj["spec"]!["defaulted"] = "yes";
            return [];
        }
    }

    private sealed class RecordingAdmission : IAdmissionChain
    {
        public List<AdmissionAttributes> Seen { get; } = [];

        public Task<AdmissionOutcome> AdmitAsync(AdmissionAttributes attributes, CancellationToken ct)
        {
            lock (Seen)
            {
                Seen.Add(attributes);
            }

            if (attributes.Name == "deny-me")
            {
                return Task.FromResult(AdmissionOutcome.Deny(403, "Forbidden", "denied by test"));
            }

            if (attributes.Name == "warned")
            {
                return Task.FromResult(AdmissionOutcome.Allow(attributes.Object) with { Warnings = ["careful now"] });
            }

            if (attributes.Object is { } obj && attributes.Kind == "ConfigMap" && attributes.Operation == AdmissionOperation.Create)
            {
                var mutated = (JsonObject)obj.DeepClone();
                mutated["metadata"]!["annotations"] = new JsonObject { ["mutated"] = "true" };
                return Task.FromResult(AdmissionOutcome.Allow(mutated));
            }

            return Task.FromResult(AdmissionOutcome.Allow(null));
        }
    }
}
