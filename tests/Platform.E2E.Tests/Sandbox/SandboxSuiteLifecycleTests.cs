using k8s;
using k8s.Autorest;
using k8s.Models;
using Platform.E2E.Tests.Support;
using Platform.Operator.Suite;
using Platform.Sandbox.Hosting;

namespace Platform.E2E.Tests.Sandbox;

/// <summary>Start-up from other places than the repository, failure reporting, and restart on a data directory.</summary>
public sealed class SandboxSuiteLifecycleTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("platform-e2e-lifecycle-").FullName;

    [Fact]
    public async Task Without_crds_generated_the_crds_are_generated_from_the_entity_classes()
    {
        // Only the webhook configurations are next to the "executable": the CRDs must come from the generator.
        var root = Path.Combine(directory, "install");
        Directory.CreateDirectory(Path.Combine(root, "webhooks", "generated"));
        foreach (var file in Directory.EnumerateFiles(Path.Combine(RepositoryFiles.Root, "webhooks", "generated")))
        {
            File.Copy(file, Path.Combine(root, "webhooks", "generated", Path.GetFileName(file)));
        }

        await using var suite = await SandboxSuite.StartAsync(new SandboxSuiteOptions { ManifestRoot = root });

        var crds = await suite.Client.ApiextensionsV1.ListCustomResourceDefinitionAsync();
        Assert.Contains(crds.Items, c => c.Metadata.Name == "serviceentries.networking.istio.io");
        var denied = await Assert.ThrowsAsync<HttpOperationException>(() => CreateServiceEntryAsync(suite.Client, "bad_host.example.com"));
        var status = System.Text.Json.JsonDocument.Parse(denied.Response.Content).RootElement;
        Assert.Contains("domain name \"bad_host.example.com\" invalid", status.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_webhook_configurations_fail_start_with_the_reason()
    {
        var empty = Directory.CreateDirectory(Path.Combine(directory, "empty")).FullName;

        var error = await Assert.ThrowsAsync<SandboxSuiteStartException>(() => SandboxSuite.StartAsync(new SandboxSuiteOptions { ManifestRoot = empty }));

        Assert.Contains("webhooks/generated not found", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Restart_on_the_same_data_directory_keeps_objects_and_admission_works_again()
    {
        var data = Path.Combine(directory, "data");
        SandboxSuiteOptions Options() => new() { Sandbox = new SandboxOptions { DataDirectory = data } };

        string caBundle;
        await using (var first = await SandboxSuite.StartAsync(Options()))
        {
            await CreateServiceEntryAsync(first.Client, "kept.example.com");
            caBundle = await CaBundleAsync(first);
        }

        await using var second = await SandboxSuite.StartAsync(Options());

        var kept = await second.Client.CustomObjects.GetNamespacedCustomObjectAsync("networking.istio.io", "v1", "default", "serviceentries", "kept-example-com");
        Assert.NotNull(kept);
        Assert.Equal(caBundle, await CaBundleAsync(second));
        var denied = await Assert.ThrowsAsync<HttpOperationException>(() => CreateServiceEntryAsync(second.Client, "bad_host.example.com"));
        Assert.Contains("denied the request", denied.Response.Content, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(directory, recursive: true);

    private static Task<object> CreateServiceEntryAsync(IKubernetes client, string host) =>
        client.CustomObjects.CreateNamespacedCustomObjectAsync(new Dictionary<string, object>
        {
            ["apiVersion"] = "networking.istio.io/v1",
            ["kind"] = "ServiceEntry",
            ["metadata"] = new Dictionary<string, object> { ["name"] = host.Replace('.', '-').Replace('_', '-') },
            ["spec"] = new Dictionary<string, object>
            {
                ["hosts"] = new[] { host },
                ["ports"] = new[] { new Dictionary<string, object> { ["name"] = "http", ["number"] = 80, ["protocol"] = "HTTP" } },
            },
        }, "networking.istio.io", "v1", "default", "serviceentries");

    private static async Task<string> CaBundleAsync(SandboxSuite suite)
    {
        V1ValidatingWebhookConfiguration configuration = await suite.Client.AdmissionregistrationV1.ReadValidatingWebhookConfigurationAsync(suite.Webhooks.ValidatingConfigurationName);
        // Every webhook of the suite's configuration carries the same CA; compare one, after checking they agree.
        Assert.Single(configuration.Webhooks.Select(w => Convert.ToBase64String(w.ClientConfig.CaBundle)).Distinct());
        return Convert.ToBase64String(configuration.Webhooks[0].ClientConfig.CaBundle);
    }
}
