using Platform.Sandbox.Tests.Infrastructure;

namespace Platform.Sandbox.Tests;

/// <summary>The in-process read API other control-plane parts (admission) use.</summary>
public sealed class StoreReaderTests : IClassFixture<SandboxHost>
{
    private readonly SandboxHost _host;

    public StoreReaderTests(SandboxHost host) => _host = host;

    [Fact]
    public async Task Objects_from_yaml_bodies_read_back_with_any_numeric_accessor()
    {
        var (code, _) = await _host.SendAsync(HttpMethod.Post, "/api/v1/namespaces/default/services",
            "apiVersion: v1\nkind: Service\nmetadata: {name: numeric}\nspec:\n  ports: [{port: 8443, targetPort: 9443}]\n", "application/yaml");
        Assert.Equal(201, code);
        var svc = _host.Server.Store.Get("", "v1", "services", "default", "numeric")!;
        var port = svc["spec"]!["ports"]![0]!;
        Assert.Equal(8443, port["port"]!.GetValue<int>());
        Assert.Equal(8443L, port["port"]!.GetValue<long>());
        Assert.Equal(9443, port["targetPort"]!.GetValue<int>());
    }

    [Fact]
    public async Task Readers_get_private_copies_and_lists_filter_by_namespace()
    {
        await _host.PostAsync("/api/v1/namespaces", Objects.Namespace("reader"));
        await _host.PostAsync("/api/v1/namespaces/reader/configmaps", Objects.ConfigMap("r1"));
        var copy = _host.Server.Store.Get("", "v1", "configmaps", "reader", "r1")!;
        copy["data"]!["k"] = "tampered";
        Assert.Equal("v", Objects.Str(_host.Server.Store.Get("", "v1", "configmaps", "reader", "r1")!["data"]!["k"]));
        Assert.Equal(["r1"], _host.Server.Store.List("", "v1", "configmaps", "reader").Select(o => Objects.Str(o["metadata"]!["name"])));
        Assert.Null(_host.Server.Store.Get("", "v1", "configmaps", "reader", "absent"));
        Assert.Empty(_host.Server.Store.List("nope.example.com", "v1", "things"));
    }
}
