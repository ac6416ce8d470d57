using System.Text.Json.Nodes;
using Platform.Sandbox.Tests.Infrastructure;

namespace Platform.Sandbox.Tests;

/// <summary>Server-side apply conflicts as the real kubectl on PATH reports and resolves them.</summary>
public sealed class ServerSideApplyKubectlTests : IAsyncLifetime
{
    private readonly KubectlSandbox _sandbox = new("sandbox-ssa-");

    private KubectlRunner Kubectl => _sandbox.Kubectl;

    public Task InitializeAsync() => _sandbox.InitializeAsync();

    public Task DisposeAsync() => _sandbox.DisposeAsync();

    private static string Deployment(int replicas, string image) => $$$"""
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web}
        spec:
          replicas: {{{replicas}}}
          selector: {matchLabels: {app: web}}
          template:
            metadata: {labels: {app: web}}
            spec:
              containers: [{name: web, image: "{{{image}}}"}]
        """;

    [Fact]
    public async Task Kubectl_server_side_apply_prints_the_conflict_and_force_conflicts_takes_ownership()
    {
        Assert.Contains("serverside-applied", await Kubectl.RunOkAsync("apply", "--server-side", "--field-manager=team-a", "-f", _sandbox.Write("a.yaml", Deployment(2, "nginx:1.27"))));

        var (code, _, stderr) = await Kubectl.RunAsync("apply", "--server-side", "--field-manager=team-b", "-f", _sandbox.Write("b.yaml", Deployment(5, "nginx:1.28")));

        Assert.NotEqual(0, code);
        Assert.Contains("error: Apply failed with 2 conflicts: conflicts with \"team-a\":", stderr, StringComparison.Ordinal);
        Assert.Contains("- .spec.replicas", stderr, StringComparison.Ordinal);
        Assert.Contains("- .spec.template.spec.containers[name=\"web\"].image", stderr, StringComparison.Ordinal);
        Assert.Contains("--force-conflicts", stderr, StringComparison.Ordinal);
        Assert.Equal("2 nginx:1.27", await Kubectl.RunOkAsync("get", "deployment", "web", "-o", "jsonpath={.spec.replicas} {.spec.template.spec.containers[0].image}"));

        Assert.Contains("serverside-applied", await Kubectl.RunOkAsync("apply", "--server-side", "--field-manager=team-b", "--force-conflicts", "-f", Path.Combine(_sandbox.WorkingDirectory, "b.yaml")));

        Assert.Equal("5 nginx:1.28", await Kubectl.RunOkAsync("get", "deployment", "web", "-o", "jsonpath={.spec.replicas} {.spec.template.spec.containers[0].image}"));
        var managed = JsonNode.Parse(await Kubectl.RunOkAsync("get", "deployment", "web", "-o", "jsonpath={.metadata.managedFields}", "--show-managed-fields"))!.AsArray();
        var teamA = managed.Single(e => Objects.Str(e!["manager"]) == "team-a")!;
        var teamB = managed.Single(e => Objects.Str(e!["manager"]) == "team-b")!;
        Assert.Null(teamA["fieldsV1"]!["f:spec"]!["f:replicas"]);
        Assert.NotNull(teamA["fieldsV1"]!["f:spec"]!["f:selector"]);
        Assert.NotNull(teamB["fieldsV1"]!["f:spec"]!["f:replicas"]);
    }

    [Fact]
    public async Task Kubectl_edits_are_update_entries_and_a_client_side_applied_object_moves_to_server_side_apply_without_conflict()
    {
        var file = _sandbox.Write("cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings}\ndata: {color: blue}\n");
        await Kubectl.RunOkAsync("apply", "-f", file);
        await Kubectl.RunOkAsync("label", "configmap", "settings", "tier=web");

        // Changing a value kubectl client-side applied: upstream lets the kubectl manager take it over.
        _sandbox.Write("cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings}\ndata: {color: green}\n");
        Assert.Contains("serverside-applied", await Kubectl.RunOkAsync("apply", "--server-side", "-f", file));
        Assert.Equal("green", await Kubectl.RunOkAsync("get", "configmap", "settings", "-o", "jsonpath={.data.color}"));

        var managers = await Kubectl.RunOkAsync("get", "configmap", "settings", "--show-managed-fields", "-o", "jsonpath={range .metadata.managedFields[*]}{.manager}/{.operation} {end}");
        Assert.Contains("kubectl/Apply", managers, StringComparison.Ordinal);
        Assert.Contains("kubectl-label/Update", managers, StringComparison.Ordinal);

        // The label kubectl-label set is another manager's: applying a different value conflicts.
        var (code, _, stderr) = await Kubectl.RunAsync("apply", "--server-side", "-f",
            _sandbox.Write("cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings, labels: {tier: db}}\ndata: {color: green}\n"));
        Assert.NotEqual(0, code);
        Assert.Contains("conflict with \"kubectl-label\" using v1: .metadata.labels.tier", stderr, StringComparison.Ordinal);
    }
}
