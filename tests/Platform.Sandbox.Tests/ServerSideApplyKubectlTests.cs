using System.Diagnostics;
using System.Text.Json.Nodes;
using Platform.Sandbox.Tests.Infrastructure;

namespace Platform.Sandbox.Tests;

/// <summary>Server-side apply conflicts as the real kubectl on PATH reports and resolves them.</summary>
public sealed class ServerSideApplyKubectlTests : IAsyncLifetime
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "sandbox-ssa-" + Guid.NewGuid().ToString("N"));
    private readonly SandboxHost _host;

    public ServerSideApplyKubectlTests()
    {
        Directory.CreateDirectory(_dir);
        _host = new SandboxHost(o => o.KubeconfigPath = Path.Combine(_dir, "kubeconfig"));
    }

    public Task InitializeAsync() => _host.InitializeAsync();

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    private async Task<(int Code, string Stdout, string Stderr)> Run(params string[] args)
    {
        var psi = new ProcessStartInfo("kubectl") { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add("--kubeconfig");
        psi.ArgumentList.Add(_host.Server.KubeconfigPath!);
        psi.Environment["KUBECACHEDIR"] = Path.Combine(_dir, "cache");
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(cts.Token);
        return (process.ExitCode, await stdout, await stderr);
    }

    private async Task<string> Kubectl(params string[] args)
    {
        var (code, stdout, stderr) = await Run(args);
        Assert.True(code == 0, $"kubectl {string.Join(' ', args)} exited {code}: {stderr}{stdout}");
        return stdout;
    }

    private string Write(string name, string yaml)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, yaml);
        return path;
    }

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
        Assert.Contains("serverside-applied", await Kubectl("apply", "--server-side", "--field-manager=team-a", "-f", Write("a.yaml", Deployment(2, "nginx:1.27"))));

        var (code, _, stderr) = await Run("apply", "--server-side", "--field-manager=team-b", "-f", Write("b.yaml", Deployment(5, "nginx:1.28")));

        Assert.NotEqual(0, code);
        Assert.Contains("error: Apply failed with 2 conflicts: conflicts with \"team-a\":", stderr, StringComparison.Ordinal);
        Assert.Contains("- .spec.replicas", stderr, StringComparison.Ordinal);
        Assert.Contains("- .spec.template.spec.containers[name=\"web\"].image", stderr, StringComparison.Ordinal);
        Assert.Contains("--force-conflicts", stderr, StringComparison.Ordinal);
        Assert.Equal("2 nginx:1.27", await Kubectl("get", "deployment", "web", "-o", "jsonpath={.spec.replicas} {.spec.template.spec.containers[0].image}"));

        Assert.Contains("serverside-applied", await Kubectl("apply", "--server-side", "--field-manager=team-b", "--force-conflicts", "-f", Path.Combine(_dir, "b.yaml")));

        Assert.Equal("5 nginx:1.28", await Kubectl("get", "deployment", "web", "-o", "jsonpath={.spec.replicas} {.spec.template.spec.containers[0].image}"));
        var managed = JsonNode.Parse(await Kubectl("get", "deployment", "web", "-o", "jsonpath={.metadata.managedFields}", "--show-managed-fields"))!.AsArray();
        var teamA = managed.Single(e => Objects.Str(e!["manager"]) == "team-a")!;
        var teamB = managed.Single(e => Objects.Str(e!["manager"]) == "team-b")!;
        Assert.Null(teamA["fieldsV1"]!["f:spec"]!["f:replicas"]);
        Assert.NotNull(teamA["fieldsV1"]!["f:spec"]!["f:selector"]);
        Assert.NotNull(teamB["fieldsV1"]!["f:spec"]!["f:replicas"]);
    }

    [Fact]
    public async Task Kubectl_edits_are_update_entries_and_a_client_side_applied_object_moves_to_server_side_apply_without_conflict()
    {
        var file = Write("cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings}\ndata: {color: blue}\n");
        await Kubectl("apply", "-f", file);
        await Kubectl("label", "configmap", "settings", "tier=web");

        // Changing a value kubectl client-side applied: upstream lets the kubectl manager take it over.
        Write("cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings}\ndata: {color: green}\n");
        Assert.Contains("serverside-applied", await Kubectl("apply", "--server-side", "-f", file));
        Assert.Equal("green", await Kubectl("get", "configmap", "settings", "-o", "jsonpath={.data.color}"));

        var managers = await Kubectl("get", "configmap", "settings", "--show-managed-fields", "-o", "jsonpath={range .metadata.managedFields[*]}{.manager}/{.operation} {end}");
        Assert.Contains("kubectl/Apply", managers, StringComparison.Ordinal);
        Assert.Contains("kubectl-label/Update", managers, StringComparison.Ordinal);

        // The label kubectl-label set is another manager's: applying a different value conflicts.
        var (code, _, stderr) = await Run("apply", "--server-side", "-f",
            Write("cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings, labels: {tier: db}}\ndata: {color: green}\n"));
        Assert.NotEqual(0, code);
        Assert.Contains("conflict with \"kubectl-label\" using v1: .metadata.labels.tier", stderr, StringComparison.Ordinal);
    }
}
