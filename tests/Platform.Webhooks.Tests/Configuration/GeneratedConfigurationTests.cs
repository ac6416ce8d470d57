using k8s;
using k8s.Models;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Platform.Webhooks.Configuration;
using Platform.Webhooks.Hosting;
using Platform.Webhooks.Registration;
using Platform.Webhooks.Tests.Support;

namespace Platform.Webhooks.Tests.Configuration;

public sealed class GeneratedConfigurationTests
{
    /// <summary>Set to 1 to rewrite webhooks/generated/ from the code instead of failing on drift.</summary>
    private const string UpdateVariable = "PLATFORM_UPDATE_GENERATED";

    [Fact]
    public void Checked_in_configurations_match_the_registered_webhooks()
    {
        var expected = Generator(w => w.AddPlatformWebhooks()).RenderYaml();
        var path = Path.Combine(RepositoryRoot(), "webhooks", "generated", "webhook-configurations.yaml");

        if (Environment.GetEnvironmentVariable(UpdateVariable) == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, expected);
        }

        Assert.True(File.Exists(path), $"{path} is missing; run the tests with {UpdateVariable}=1 to generate it");
        Assert.True(expected == File.ReadAllText(path), $"{path} is stale; run the tests with {UpdateVariable}=1 to regenerate it");
    }

    [Fact]
    public void The_suite_validates_service_entries_in_all_three_versions()
    {
        var validating = Generator(w => w.AddPlatformWebhooks()).Validating()!;

        var webhook = Assert.Single(validating.Webhooks, w => w.Name == "validate.serviceentry.networking.istio.io");
        Assert.Equal("/validate/serviceentry", webhook.ClientConfig.Service.Path);
        var rule = Assert.Single(webhook.Rules);
        Assert.Equal(["networking.istio.io"], rule.ApiGroups);
        Assert.Equal(["v1", "v1alpha3", "v1beta1"], rule.ApiVersions);
        Assert.Equal(["serviceentries"], rule.Resources);
        Assert.Equal(["CREATE", "UPDATE"], rule.Operations);
        Assert.Equal("Fail", webhook.FailurePolicy);
    }

    [Fact]
    public void Every_generated_webhook_follows_the_suite_rules()
    {
        var generator = Generator(w => w
            .AddValidation<WidgetValidationWebhook, Widget>()
            .AddMutation<WidgetMutationWebhook, Widget>(o =>
            {
                o.FailurePolicy = "Ignore";
                o.ReinvocationPolicy = "IfNeeded";
                o.NamespaceSelector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["inject"] = "enabled" } };
            }));
        var documents = KubernetesYaml.LoadAllFromString(generator.RenderYaml(), new Dictionary<string, Type>
        {
            ["admissionregistration.k8s.io/v1/ValidatingWebhookConfiguration"] = typeof(V1ValidatingWebhookConfiguration),
            ["admissionregistration.k8s.io/v1/MutatingWebhookConfiguration"] = typeof(V1MutatingWebhookConfiguration),
        });

        var validating = Assert.Single(documents.OfType<V1ValidatingWebhookConfiguration>());
        var mutating = Assert.Single(documents.OfType<V1MutatingWebhookConfiguration>());
        Assert.Equal("platform-validating-webhooks", validating.Metadata.Name);
        Assert.Equal("platform", validating.Metadata.Labels["app.kubernetes.io/part-of"]);
        Assert.Equal("platform", mutating.Metadata.Labels["app.kubernetes.io/part-of"]);

        var validate = Assert.Single(validating.Webhooks);
        Assert.Equal("None", validate.SideEffects);
        Assert.Equal(["v1"], validate.AdmissionReviewVersions);
        Assert.InRange(validate.TimeoutSeconds!.Value, 1, 5);
        Assert.Equal("Equivalent", validate.MatchPolicy);
        Assert.Equal("Fail", validate.FailurePolicy);
        Assert.Equal("/validate/widget", validate.ClientConfig.Service.Path);
        Assert.Equal("platform-webhooks", validate.ClientConfig.Service.Name);
        Assert.Equal("platform-system", validate.ClientConfig.Service.NamespaceProperty);
        Assert.Equal(443, validate.ClientConfig.Service.Port);
        Assert.Null(validate.ClientConfig.CaBundle);
        // The widget validator overrides Delete, so DELETE is asked for; the mutator does not.
        Assert.Equal(["CREATE", "UPDATE", "DELETE"], Assert.Single(validate.Rules).Operations);

        var mutate = Assert.Single(mutating.Webhooks);
        Assert.Equal("None", mutate.SideEffects);
        Assert.Equal(["v1"], mutate.AdmissionReviewVersions);
        Assert.Equal("Equivalent", mutate.MatchPolicy);
        Assert.Equal("Ignore", mutate.FailurePolicy);
        Assert.Equal("IfNeeded", mutate.ReinvocationPolicy);
        Assert.Equal("enabled", mutate.NamespaceSelector.MatchLabels["inject"]);
        Assert.Equal("/mutate/widget", mutate.ClientConfig.Service.Path);
        Assert.Equal(["CREATE", "UPDATE"], Assert.Single(mutate.Rules).Operations);
    }

    [Fact]
    public async Task A_timeout_above_five_seconds_stops_the_server_from_starting()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => WebhookHost.StartAsync(o => o.TimeoutSeconds = 10));

        Assert.Contains("TimeoutSeconds 10 is outside 1..5", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_webhooks_on_one_route_are_refused()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddAdmissionWebhooks().AddValidation<WidgetValidationWebhook, Widget>().AddValidation<WidgetValidationWebhook, Widget>();
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<Platform.Webhooks.Endpoints.AdmissionRequestHandler>());

        Assert.Contains("/validate/widget", error.Message, StringComparison.Ordinal);
    }

    private static WebhookConfigurationGenerator Generator(Action<IAdmissionWebhookBuilder> register)
    {
        var services = new ServiceCollection();
        register(services.AddAdmissionWebhooks());
        using var provider = services.BuildServiceProvider();
        return new WebhookConfigurationGenerator(provider.GetServices<WebhookRegistration>(), provider.GetRequiredService<IOptions<AdmissionWebhookOptions>>().Value);
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Platform.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Platform.sln not found above " + AppContext.BaseDirectory);
    }
}
