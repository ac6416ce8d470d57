namespace Platform.Sandbox.Admission;

/// <summary>
/// Resolves a webhook's <c>clientConfig.service</c> to a URL the control plane can reach (an endpoint address
/// of the Service, or in the sandbox a local listener). Null when the service has no reachable endpoint.
/// </summary>
public interface IWebhookEndpointResolver
{
    Uri? Resolve(string serviceNamespace, string serviceName, int port, string? path);
}
