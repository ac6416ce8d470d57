using Platform.Sandbox.Tests.Infrastructure;

namespace Platform.Sandbox.Tests;

public sealed class PersistenceTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "sandbox-persist-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task Acknowledged_writes_survive_a_restart_with_a_data_dir()
    {
        string uid;
        string rv;
        await using (var first = new SandboxHost(o => o.DataDirectory = _dir))
        {
            await first.InitializeAsync();
            await first.PostAsync("/api/v1/namespaces", Objects.Namespace("kept"));
            var (_, cm) = await first.PostAsync("/api/v1/namespaces/kept/configmaps", Objects.ConfigMap("survivor"));
            uid = Objects.Str(cm!["metadata"]!["uid"]);
            await first.PostAsync("/api/v1/namespaces/kept/configmaps", Objects.ConfigMap("removed"));
            await first.SendAsync(HttpMethod.Delete, "/api/v1/namespaces/kept/configmaps/removed");
            var (_, svc) = await first.PostAsync("/api/v1/namespaces/kept/services", new System.Text.Json.Nodes.JsonObject
            {
                ["apiVersion"] = "v1", ["kind"] = "Service", ["metadata"] = new System.Text.Json.Nodes.JsonObject { ["name"] = "s" },
                ["spec"] = new System.Text.Json.Nodes.JsonObject { ["clusterIP"] = "10.96.50.50", ["ports"] = new System.Text.Json.Nodes.JsonArray(new System.Text.Json.Nodes.JsonObject { ["port"] = 80 }) },
            });
            rv = Objects.Str(svc!["metadata"]!["resourceVersion"]);
        }

        await using var second = new SandboxHost(o => o.DataDirectory = _dir);
        await second.InitializeAsync();
        var (code, restored) = await second.GetAsync("/api/v1/namespaces/kept/configmaps/survivor");
        Assert.Equal(200, code);
        Assert.Equal(uid, Objects.Str(restored!["metadata"]!["uid"]));
        Assert.Equal(404, (await second.GetAsync("/api/v1/namespaces/kept/configmaps/removed")).Code);

        // The allocation is still held, and resourceVersions keep increasing.
        var (taken, _) = await second.PostAsync("/api/v1/namespaces/kept/services", new System.Text.Json.Nodes.JsonObject
        {
            ["apiVersion"] = "v1", ["kind"] = "Service", ["metadata"] = new System.Text.Json.Nodes.JsonObject { ["name"] = "s2" },
            ["spec"] = new System.Text.Json.Nodes.JsonObject { ["clusterIP"] = "10.96.50.50", ["ports"] = new System.Text.Json.Nodes.JsonArray(new System.Text.Json.Nodes.JsonObject { ["port"] = 80 }) },
        });
        Assert.Equal(422, taken);
        var (_, fresh) = await second.PostAsync("/api/v1/namespaces/kept/configmaps", Objects.ConfigMap("after"));
        Assert.True(long.Parse(Objects.Str(fresh!["metadata"]!["resourceVersion"])) > long.Parse(rv));
    }

    public void Dispose()
    {
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }
}
