using System.Text.Json;
using Platform.E2E.Tests.Support;

namespace Platform.E2E.Tests.ServiceEntries;

/// <summary>kubectl apply / get / explain of ServiceEntries against the running suite.</summary>
[Collection(SuiteCollection.Name)]
public sealed class ServiceEntryApplyTests(SuiteFixture fixture)
{
    [Theory]
    [InlineData("v1")]
    [InlineData("v1beta1")]
    [InlineData("v1alpha3")]
    public async Task Valid_service_entry_applies_in_every_served_version_and_get_prints_the_columns(string version)
    {
        var ns = await fixture.CreateNamespaceAsync("se-apply");
        var name = $"external-svc-https-{version}";

        var applied = await fixture.Kubectl.SucceedAsync(ServiceEntryManifests.ExternalHttps(version, name, ns), "apply", "-f", "-");
        Assert.Contains($"serviceentry.networking.istio.io/{name} created", applied.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("Warning:", applied.StandardError, StringComparison.Ordinal);

        var listed = await fixture.Kubectl.SucceedAsync(null, "get", "se", "-n", ns);
        var lines = listed.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["NAME", "HOSTS", "LOCATION", "RESOLUTION", "AGE"], lines[0].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        var row = Assert.Single(lines.Skip(1));
        Assert.StartsWith(name + " ", row, StringComparison.Ordinal);
        // kube-apiserver renders a list in a string printer column as compact JSON, as Istio's docs show.
        Assert.Contains(" [\"api.dropboxapi.com\",\"www.googleapis.com\"] ", row, StringComparison.Ordinal);
        Assert.Contains(" MESH_EXTERNAL ", row, StringComparison.Ordinal);
        Assert.Contains(" DNS ", row, StringComparison.Ordinal);

        // Stored once, readable in the other served versions.
        var asV1 = await fixture.Kubectl.SucceedAsync(null, "get", "serviceentries.v1.networking.istio.io", name, "-n", ns, "-o", "json");
        using var doc = JsonDocument.Parse(asV1.StandardOutput);
        Assert.Equal("networking.istio.io/v1", doc.RootElement.GetProperty("apiVersion").GetString());
        Assert.Equal("DNS", doc.RootElement.GetProperty("spec").GetProperty("resolution").GetString());
    }

    [Fact]
    public async Task Applying_the_same_manifest_again_is_unchanged_and_a_change_is_configured()
    {
        var ns = await fixture.CreateNamespaceAsync("se-reapply");
        var manifest = ServiceEntryManifests.ExternalHttps("v1", "reapplied", ns);
        await fixture.Kubectl.SucceedAsync(manifest, "apply", "-f", "-");

        var again = await fixture.Kubectl.SucceedAsync(manifest, "apply", "-f", "-");
        Assert.Contains("serviceentry.networking.istio.io/reapplied unchanged", again.StandardOutput, StringComparison.Ordinal);

        var changed = await fixture.Kubectl.SucceedAsync(manifest.Replace("resolution: DNS", "resolution: NONE", StringComparison.Ordinal), "apply", "-f", "-");
        Assert.Contains("serviceentry.networking.istio.io/reapplied configured", changed.StandardOutput, StringComparison.Ordinal);
        var resolution = await fixture.Kubectl.SucceedAsync(null, "get", "se", "reapplied", "-n", ns, "-o", "jsonpath={.spec.resolution}");
        Assert.Equal("NONE", resolution.StandardOutput);
    }

    [Fact]
    public async Task Server_side_apply_creates_and_updates_a_service_entry()
    {
        var ns = await fixture.CreateNamespaceAsync("se-ssa");
        var manifest = ServiceEntryManifests.ExternalHttps("v1", "server-side", ns);

        var created = await fixture.Kubectl.SucceedAsync(manifest, "apply", "--server-side", "-f", "-");
        Assert.Contains("serviceentry.networking.istio.io/server-side serverside-applied", created.StandardOutput, StringComparison.Ordinal);

        var updated = await fixture.Kubectl.SucceedAsync(manifest.Replace("  - www.googleapis.com\n", "", StringComparison.Ordinal), "apply", "--server-side", "-f", "-");
        Assert.Contains("serverside-applied", updated.StandardOutput, StringComparison.Ordinal);

        var stored = await fixture.Kubectl.SucceedAsync(null, "get", "se", "server-side", "-n", ns, "-o", "json", "--show-managed-fields");
        using var doc = JsonDocument.Parse(stored.StandardOutput);
        Assert.Equal(["api.dropboxapi.com"], doc.RootElement.GetProperty("spec").GetProperty("hosts").EnumerateArray().Select(h => h.GetString()));
        Assert.Contains(doc.RootElement.GetProperty("metadata").GetProperty("managedFields").EnumerateArray(),
            f => f.GetProperty("manager").GetString() == "kubectl" && f.GetProperty("operation").GetString() == "Apply");
    }

    [Fact]
    public async Task Server_side_apply_of_an_invalid_service_entry_is_refused_by_the_webhook()
    {
        var ns = await fixture.CreateNamespaceAsync("se-ssa-invalid");
        var manifest = ServiceEntryManifests.WithSpec("ssa-invalid", ns, """
            hosts:
            - bad_host.example.com
            ports:
            - number: 80
              name: http
              protocol: HTTP
            """);

        var result = await fixture.Kubectl.RunAsync(manifest, "apply", "--server-side", "-f", "-");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("""domain name "bad_host.example.com" invalid""", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Explain_prints_the_description_of_spec_hosts()
    {
        var result = await fixture.Kubectl.SucceedAsync(null, "explain", "serviceentry.spec.hosts");

        Assert.Contains("KIND:", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("ServiceEntry", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("FIELD: hosts", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("The hosts associated with the ServiceEntry.", result.StandardOutput, StringComparison.Ordinal);
    }
}
