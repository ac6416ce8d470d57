using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Platform.Sandbox.Api;

namespace Platform.Sandbox.Admission;

/// <summary>
/// Resolves a webhook service as kube-apiserver's endpoint routing does: the Service's port is mapped to the
/// target port of a ready endpoint from its EndpointSlices (falling back to the Endpoints object). Explicit
/// mappings (<see cref="Map"/>) win, which the sandbox uses to point a service at its in-process listener.
/// </summary>
internal sealed class ServiceWebhookEndpointResolver : IWebhookEndpointResolver
{
    private readonly IObjectStoreReader store;
    private readonly ConcurrentDictionary<(string Namespace, string Name, int Port), Uri> mappings = new();

    public ServiceWebhookEndpointResolver(IObjectStoreReader store) => this.store = store;

    /// <summary>Routes <c>service/port</c> to <paramref name="baseAddress"/> (e.g. https://127.0.0.1:9443); the webhook's path is appended.</summary>
    public void Map(string serviceNamespace, string serviceName, int port, Uri baseAddress) =>
        mappings[(serviceNamespace, serviceName, port)] = baseAddress;

    public Uri? Resolve(string serviceNamespace, string serviceName, int port, string? path)
    {
        if (mappings.TryGetValue((serviceNamespace, serviceName, port), out var mapped))
        {
            return WithPath(mapped.GetLeftPart(UriPartial.Authority), path);
        }

        var service = store.Get("", "v1", "services", serviceNamespace, serviceName);
        var servicePort = (service?["spec"]?["ports"] as JsonArray)?.OfType<JsonObject>()
            .FirstOrDefault(p => p["port"] is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.GetValue<int>() == port);
        if (servicePort is null)
        {
            return null;
        }

        var portName = servicePort["name"]?.GetValue<string>() ?? "";
        foreach (var slice in store.List("discovery.k8s.io", "v1", "endpointslices", serviceNamespace)
                     .Where(s => s["metadata"]?["labels"]?["kubernetes.io/service-name"]?.GetValue<string>() == serviceName))
        {
            var slicePort = (slice["ports"] as JsonArray)?.OfType<JsonObject>()
                .FirstOrDefault(p => (p["name"]?.GetValue<string>() ?? "") == portName)?["port"]?.GetValue<int>();
            var endpoint = (slice["endpoints"] as JsonArray)?.OfType<JsonObject>()
                .FirstOrDefault(e => e["conditions"]?["ready"] is not JsonValue r || r.GetValueKind() != JsonValueKind.False);
            var address = (endpoint?["addresses"] as JsonArray)?.FirstOrDefault()?.GetValue<string>();
            if (address is not null && slicePort is { } sp)
            {
                return WithPath(Authority(address, sp), path);
            }
        }

        var endpoints = store.Get("", "v1", "endpoints", serviceNamespace, serviceName);
        foreach (var subset in (endpoints?["subsets"] as JsonArray)?.OfType<JsonObject>() ?? [])
        {
            var ip = (subset["addresses"] as JsonArray)?.FirstOrDefault()?["ip"]?.GetValue<string>();
            var subsetPort = (subset["ports"] as JsonArray)?.OfType<JsonObject>()
                .FirstOrDefault(p => (p["name"]?.GetValue<string>() ?? "") == portName)?["port"]?.GetValue<int>();
            if (ip is not null && subsetPort is { } ep)
            {
                return WithPath(Authority(ip, ep), path);
            }
        }

        return null;
    }

    private static string Authority(string address, int port) =>
        address.Contains(':', StringComparison.Ordinal) ? $"https://[{address}]:{port}" : $"https://{address}:{port}";

    private static Uri WithPath(string authority, string? path) =>
        new(authority + (string.IsNullOrEmpty(path) ? "/" : path.StartsWith('/') ? path : "/" + path));
}
