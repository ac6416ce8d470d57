using System.Text.Json.Nodes;
using Platform.Sandbox.Tests.Infrastructure;

namespace Platform.Sandbox.Tests;

public sealed class DiscoveryTests : IClassFixture<SandboxHost>
{
    private readonly SandboxHost _host;

    public DiscoveryTests(SandboxHost host) => _host = host;

    [Fact]
    public async Task Version_reports_a_kubernetes_version()
    {
        var (code, body) = await _host.GetAsync("/version");
        Assert.Equal(200, code);
        Assert.StartsWith("v1.", Objects.Str(body!["gitVersion"]));
    }

    [Fact]
    public async Task Api_lists_core_v1()
    {
        var (code, body) = await _host.GetAsync("/api");
        Assert.Equal(200, code);
        Assert.Equal("APIVersions", Objects.Str(body!["kind"]));
        Assert.Contains("v1", body["versions"]!.AsArray().Select(v => v!.GetValue<string>()));
    }

    [Fact]
    public async Task Apis_lists_every_builtin_group_with_a_preferred_version()
    {
        var (_, body) = await _host.GetAsync("/apis");
        var groups = body!["groups"]!.AsArray().ToDictionary(g => Objects.Str(g!["name"]), g => Objects.Str(g!["preferredVersion"]!["version"]));
        Assert.Equal("v1", groups["apps"]);
        Assert.Equal("v1", groups["certificates.k8s.io"]);
        Assert.Equal("v1", groups["apiextensions.k8s.io"]);
        Assert.Contains("admissionregistration.k8s.io", groups.Keys);
        Assert.Contains("discovery.k8s.io", groups.Keys);
        Assert.Contains("coordination.k8s.io", groups.Keys);
    }

    [Fact]
    public async Task Core_resource_list_has_scopes_verbs_short_names_and_subresources()
    {
        var (_, body) = await _host.GetAsync("/api/v1");
        var resources = body!["resources"]!.AsArray().OfType<JsonObject>().ToDictionary(r => Objects.Str(r["name"]));
        Assert.True(resources["pods"]["namespaced"]!.GetValue<bool>());
        Assert.False(resources["nodes"]["namespaced"]!.GetValue<bool>());
        Assert.Contains("po", resources["pods"]["shortNames"]!.AsArray().Select(s => s!.GetValue<string>()));
        Assert.Contains("watch", resources["pods"]["verbs"]!.AsArray().Select(s => s!.GetValue<string>()));
        Assert.True(resources.ContainsKey("pods/status"));
        Assert.Equal("Binding", Objects.Str(resources["pods/binding"]["kind"]));
        Assert.Equal("TokenRequest", Objects.Str(resources["serviceaccounts/token"]["kind"]));
    }

    [Fact]
    public async Task PodCertificateRequests_are_served_at_certificates_v1_and_v1beta1()
    {
        var (_, v1) = await _host.GetAsync("/apis/certificates.k8s.io/v1");
        var (_, beta) = await _host.GetAsync("/apis/certificates.k8s.io/v1beta1");
        Assert.Contains(v1!["resources"]!.AsArray(), r => Objects.Str(r!["name"]) == "podcertificaterequests/status");
        Assert.Contains(v1["resources"]!.AsArray(), r => Objects.Str(r!["name"]) == "clustertrustbundles");
        Assert.Contains(beta!["resources"]!.AsArray(), r => Objects.Str(r!["name"]) == "podcertificaterequests");
    }

    [Fact]
    public async Task Requests_without_a_valid_token_are_401_Unauthorized()
    {
        using var anonymous = SandboxHost.CreateHttp(_host.Server, "not-a-token");
        using var response = await anonymous.GetAsync("/api/v1/namespaces");
        Assert.Equal(401, (int)response.StatusCode);
        var status = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("Unauthorized", Objects.Str(status["reason"]));
    }

    [Fact]
    public async Task OpenApi_v3_tags_each_kind_with_its_group_version_kind()
    {
        var (_, root) = await _host.GetAsync("/openapi/v3");
        var url = Objects.Str(root!["paths"]!["apis/apps/v1"]!["serverRelativeURL"]);
        var (code, doc) = await _host.GetAsync(url);
        Assert.Equal(200, code);
        var deployment = doc!["components"]!["schemas"]!["io.k8s.api.apps.v1.Deployment"]!;
        Assert.Equal("Deployment", Objects.Str(deployment["x-kubernetes-group-version-kind"]![0]!["kind"]));
    }
}
