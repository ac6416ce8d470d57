using System.Text.Json.Nodes;
using Platform.Sandbox.Tests.Infrastructure;

namespace Platform.Sandbox.Tests;

/// <summary>Bad input is answered with the Status code the real server uses, and the server keeps serving.</summary>
public sealed class BadInputTests : IClassFixture<SandboxHost>
{
    private const string ConfigMaps = "/api/v1/namespaces/default/configmaps";
    private readonly SandboxHost _host;

    public BadInputTests(SandboxHost host) => _host = host;

    private async Task AssertStatus(int expectedCode, string expectedReason, (int Code, JsonObject? Body) response)
    {
        Assert.Equal(expectedCode, response.Code);
        Assert.Equal("Status", Objects.Str(response.Body!["kind"]));
        Assert.Equal("Failure", Objects.Str(response.Body["status"]));
        Assert.Equal(expectedReason, Objects.Str(response.Body["reason"]));
        Assert.Equal(expectedCode, response.Body["code"]!.GetValue<int>());

        // The server keeps serving after every bad request.
        var (ok, _) = await _host.GetAsync("/api/v1/namespaces/default");
        Assert.Equal(200, ok);
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("[1,2,3]")]
    [InlineData("\"just a string\"")]
    [InlineData("")]
    public async Task Malformed_json_is_400_BadRequest(string body) =>
        await AssertStatus(400, "BadRequest", await _host.SendAsync(HttpMethod.Post, ConfigMaps, body));

    [Fact]
    public async Task Malformed_yaml_is_400_BadRequest() =>
        await AssertStatus(400, "BadRequest", await _host.SendAsync(HttpMethod.Post, ConfigMaps, "kind: [unclosed\n  - x: : :", "application/yaml"));

    [Fact]
    public async Task Yaml_bodies_are_accepted()
    {
        var (code, body) = await _host.SendAsync(HttpMethod.Post, ConfigMaps, "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: from-yaml\ndata:\n  n: \"1\"\n", "application/yaml");
        Assert.Equal(201, code);
        Assert.Equal("1", Objects.Str(body!["data"]!["n"]));
    }

    [Fact]
    public async Task Wrong_apiVersion_is_400() =>
        await AssertStatus(400, "BadRequest", await _host.PostAsync(ConfigMaps, new JsonObject { ["apiVersion"] = "apps/v1", ["kind"] = "ConfigMap", ["metadata"] = new JsonObject { ["name"] = "x" } }));

    [Fact]
    public async Task Wrong_kind_is_400() =>
        await AssertStatus(400, "BadRequest", await _host.PostAsync(ConfigMaps, new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Secret", ["metadata"] = new JsonObject { ["name"] = "x" } }));

    [Fact]
    public async Task Namespace_mismatch_between_body_and_url_is_400() =>
        await AssertStatus(400, "BadRequest", await _host.PostAsync(ConfigMaps, Objects.ConfigMap("x", ns: "kube-system")));

    [Theory]
    [InlineData("/api/v1/widgets")]
    [InlineData("/apis/nope.example.com/v1/things")]
    [InlineData("/api/v2/pods")]
    [InlineData("/not-an-api")]
    public async Task Unknown_resources_are_404_NotFound(string path) =>
        await AssertStatus(404, "NotFound", await _host.GetAsync(path));

    [Theory]
    [InlineData("Bad_Name")]
    [InlineData("-leading-dash")]
    [InlineData("UPPER")]
    public async Task Invalid_names_are_422_Invalid_with_a_cause_on_metadata_name(string name)
    {
        var response = await _host.PostAsync(ConfigMaps, Objects.ConfigMap(name));
        await AssertStatus(422, "Invalid", response);
        var cause = response.Body!["details"]!["causes"]![0]!;
        Assert.Equal("metadata.name", Objects.Str(cause["field"]));
        Assert.Equal("FieldValueInvalid", Objects.Str(cause["reason"]));
        Assert.Equal("ConfigMap", Objects.Str(response.Body["details"]!["kind"]));
    }

    [Fact]
    public async Task Missing_name_is_422_Required()
    {
        var cm = Objects.ConfigMap("x");
        cm["metadata"]!.AsObject().Remove("name");
        var response = await _host.PostAsync(ConfigMaps, cm);
        await AssertStatus(422, "Invalid", response);
        Assert.Equal("FieldValueRequired", Objects.Str(response.Body!["details"]!["causes"]![0]!["reason"]));
    }

    [Fact]
    public async Task Oversized_body_is_413()
    {
        var big = Objects.ConfigMap("big", data: new JsonObject { ["blob"] = new string('x', 4 * 1024 * 1024) });
        await AssertStatus(413, "RequestEntityTooLarge", await _host.PostAsync(ConfigMaps, big));
    }

    [Fact]
    public async Task Unsupported_body_content_type_is_415() =>
        await AssertStatus(415, "UnsupportedMediaType", await _host.SendAsync(HttpMethod.Post, ConfigMaps, "x", "text/plain"));

    [Fact]
    public async Task Wrong_method_is_405()
    {
        await AssertStatus(405, "MethodNotAllowed", await _host.SendAsync(HttpMethod.Put, ConfigMaps, "{}"));
        await AssertStatus(405, "MethodNotAllowed", await _host.SendAsync(HttpMethod.Post, $"{ConfigMaps}/x", "{}"));
    }

    [Fact]
    public async Task Creating_in_a_missing_namespace_is_404() =>
        await AssertStatus(404, "NotFound", await _host.PostAsync("/api/v1/namespaces/nowhere/configmaps", Objects.ConfigMap("x")));

    [Fact]
    public async Task Bad_selectors_and_dry_run_values_are_400()
    {
        await AssertStatus(400, "BadRequest", await _host.GetAsync($"{ConfigMaps}?labelSelector=a%20in%20b"));
        await AssertStatus(400, "BadRequest", await _host.GetAsync($"{ConfigMaps}?fieldSelector=nooperator"));
        await AssertStatus(400, "BadRequest", await _host.PostAsync($"{ConfigMaps}?dryRun=Some", Objects.ConfigMap("x")));
    }

    [Fact]
    public async Task Wrongly_typed_fields_never_produce_500()
    {
        var response = await _host.SendAsync(HttpMethod.Post, "/api/v1/namespaces/default/services",
            """{"apiVersion":"v1","kind":"Service","metadata":{"name":"typed"},"spec":{"type":5,"ports":"nope","clusterIPs":{"a":1}}}""");
        Assert.InRange(response.Code, 400, 499);
        var (ok, _) = await _host.GetAsync("/api/v1/namespaces/default");
        Assert.Equal(200, ok);
    }
}
