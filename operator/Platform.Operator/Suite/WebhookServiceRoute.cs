using k8s.Models;
using Platform.Webhooks.Hosting;

namespace Platform.Operator.Suite;

/// <summary>
/// Creates the webhook's namespace and Service and routes the Service to the in-process listener the way a
/// selector-less Service is routed in a real cluster: a hand-made EndpointSlice naming the address and port.
/// The API server's webhook resolver follows it, and still checks the certificate against
/// &lt;service&gt;.&lt;namespace&gt;.svc, so the route exercises the same TLS path as a cluster.
/// </summary>
internal static class WebhookServiceRoute
{
    private const string PortName = "https";

    public static async Task ApplyAsync(SuiteObjectWriter writer, AdmissionWebhookOptions webhooks, int listenerPort, CancellationToken ct)
    {
        Dictionary<string, string> Labels() => new() { [webhooks.SuiteLabelName] = webhooks.SuiteLabelValue };

        await writer.ApplyAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = webhooks.Namespace, Labels = Labels() } }, ct).ConfigureAwait(false);
        await writer.ApplyAsync(new V1Service
        {
            Metadata = new V1ObjectMeta { Name = webhooks.ServiceName, NamespaceProperty = webhooks.Namespace, Labels = Labels() },
            Spec = new V1ServiceSpec
            {
                Ports = [new V1ServicePort { Name = PortName, Port = webhooks.ServicePort, Protocol = "TCP", TargetPort = listenerPort }],
            },
        }, ct).ConfigureAwait(false);

        var sliceLabels = Labels();
        sliceLabels["kubernetes.io/service-name"] = webhooks.ServiceName;
        sliceLabels["endpointslice.kubernetes.io/managed-by"] = "platform-sandbox-suite";
        await writer.ApplyAsync(new V1EndpointSlice
        {
            Metadata = new V1ObjectMeta { Name = $"{webhooks.ServiceName}-in-process", NamespaceProperty = webhooks.Namespace, Labels = sliceLabels },
            AddressType = "IPv4",
            Endpoints = [new V1Endpoint { Addresses = ["127.0.0.1"], Conditions = new V1EndpointConditions { Ready = true } }],
            Ports = [new Discoveryv1EndpointPort { Name = PortName, Port = listenerPort, Protocol = "TCP" }],
        }, ct).ConfigureAwait(false);
    }
}
