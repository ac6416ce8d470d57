using k8s;
using System.Text;
using Platform.E2E.Tests.Support;

namespace Platform.E2E.Tests.Sandbox;

/// <summary>What start-up leaves in the cluster: CRDs, the webhook Service routed in-process, the injected caBundle.</summary>
[Collection(SuiteCollection.Name)]
public sealed class SandboxSuiteStartTests(SuiteFixture fixture)
{
    [Fact]
    public async Task Every_suite_crd_is_installed_and_established()
    {
        var crds = await fixture.Suite.Client.ApiextensionsV1.ListCustomResourceDefinitionAsync();

        Assert.Equal(
            ["clusterspiffeids.spire.spiffe.io", "ipaddresspools.metallb.io", "l2advertisements.metallb.io", "serviceentries.networking.istio.io"],
            crds.Items.Select(c => c.Metadata.Name).Order(StringComparer.Ordinal));
        Assert.All(crds.Items, c => Assert.Contains(c.Status.Conditions, s => s.Type == "Established" && s.Status == "True"));
    }

    [Fact]
    public async Task Webhook_configuration_carries_the_ca_kept_in_the_secret()
    {
        var client = fixture.Suite.Client;
        var webhooks = fixture.Suite.Webhooks;

        var secret = await client.CoreV1.ReadNamespacedSecretAsync(webhooks.CaSecretName, webhooks.Namespace);
        var configuration = await client.AdmissionregistrationV1.ReadValidatingWebhookConfigurationAsync(webhooks.ValidatingConfigurationName);

        var webhook = Assert.Single(configuration.Webhooks, w => w.Name == "validate.serviceentry.networking.istio.io");
        Assert.Equal(Encoding.ASCII.GetString(secret.Data["ca.crt"]), Encoding.ASCII.GetString(webhook.ClientConfig.CaBundle));
        Assert.Equal(webhooks.ServiceName, webhook.ClientConfig.Service.Name);
    }

    [Fact]
    public async Task Webhook_service_routes_to_the_in_process_listener()
    {
        var client = fixture.Suite.Client;
        var webhooks = fixture.Suite.Webhooks;

        var service = await client.CoreV1.ReadNamespacedServiceAsync(webhooks.ServiceName, webhooks.Namespace);
        var slices = await client.DiscoveryV1.ListNamespacedEndpointSliceAsync(webhooks.Namespace, labelSelector: $"kubernetes.io/service-name={webhooks.ServiceName}");

        Assert.Equal(webhooks.ServicePort, Assert.Single(service.Spec.Ports).Port);
        var slice = Assert.Single(slices.Items);
        Assert.Equal(["127.0.0.1"], Assert.Single(slice.Endpoints).Addresses);
        Assert.Equal(webhooks.Port, Assert.Single(slice.Ports).Port);
    }
}
