using Platform.Crds.Istio;

namespace Platform.Registry.Tests.Validation;

/// <summary>Compact constructors for ServiceEntries, shaped like the Go literals in Istio's validation tests.</summary>
internal static class ServiceEntryFixtures
{
    public static V1ServiceEntry Entry(
        string[]? hosts = null,
        ServicePort[]? ports = null,
        string? resolution = null,
        WorkloadEntrySpec[]? endpoints = null,
        string[]? addresses = null,
        Dictionary<string, string>? selector = null,
        bool emptySelector = false,
        string[]? exportTo = null,
        string? location = null,
        Dictionary<string, string>? labels = null,
        string? @namespace = "default")
    {
        var entry = new V1ServiceEntry
        {
            Spec = new ServiceEntrySpec
            {
                Hosts = hosts is null ? [] : [.. hosts],
                Ports = ports is null ? null : [.. ports],
                Resolution = resolution,
                Endpoints = endpoints is null ? null : [.. endpoints],
                Addresses = addresses is null ? null : [.. addresses],
                WorkloadSelector = selector is not null ? new WorkloadSelector { Labels = selector } : emptySelector ? new WorkloadSelector() : null,
                ExportTo = exportTo is null ? null : [.. exportTo],
                Location = location,
            },
        };
        entry.Metadata.Name = "se";
        entry.Metadata.NamespaceProperty = @namespace;
        entry.Metadata.Labels = labels;
        return entry;
    }

    public static ServicePort Port(uint number, string? protocol, string name, uint? targetPort = null) =>
        new() { Number = number, Protocol = protocol, Name = name, TargetPort = targetPort };

    public static WorkloadEntrySpec Endpoint(string? address, Dictionary<string, uint>? ports = null, Dictionary<string, string>? labels = null, string? network = null) =>
        new() { Address = address, Ports = ports, Labels = labels, Network = network };

    public static Dictionary<string, uint> EndpointPorts(string name, uint port) => new() { [name] = port };

    /// <summary>The two HTTP ports most of Istio's cases use.</summary>
    public static ServicePort[] TwoHttpPorts() => [Port(80, "http", "http-valid1"), Port(8080, "http", "http-valid2")];
}
