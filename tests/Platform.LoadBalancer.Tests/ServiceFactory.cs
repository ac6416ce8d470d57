using k8s.Models;

namespace Platform.LoadBalancer.Tests;

/// <summary>Builds Services as users write them, and applies a decision the way the controller will.</summary>
internal static class ServiceFactory
{
    public static V1Service LbService(
        string name,
        string ns = "default",
        Dictionary<string, string>? annotations = null,
        string clusterIP = "10.96.0.10",
        string[]? clusterIPs = null,
        string? ipFamilyPolicy = null,
        string[]? ipFamilies = null,
        string? loadBalancerIP = null,
        string? loadBalancerClass = null,
        string externalTrafficPolicy = "Cluster",
        Dictionary<string, string>? selector = null,
        (string Protocol, int Port)[]? ports = null,
        Dictionary<string, string>? labels = null,
        DateTime? created = null) => new()
        {
            ApiVersion = "v1",
            Kind = "Service",
            Metadata = new V1ObjectMeta
            {
                Name = name,
                NamespaceProperty = ns,
                Annotations = annotations,
                Labels = labels,
                Generation = 1,
                CreationTimestamp = created ?? new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc),
            },
            Spec = new V1ServiceSpec
            {
                Type = "LoadBalancer",
                ClusterIP = (clusterIPs ?? [clusterIP])[0],
                ClusterIPs = clusterIPs ?? [clusterIP],
                IpFamilyPolicy = ipFamilyPolicy,
                IpFamilies = ipFamilies,
                LoadBalancerIP = loadBalancerIP,
                LoadBalancerClass = loadBalancerClass,
                ExternalTrafficPolicy = externalTrafficPolicy,
                Selector = selector ?? new Dictionary<string, string> { ["app"] = name },
                Ports = [.. (ports ?? [("TCP", 80)]).Select(p => new V1ServicePort { Protocol = p.Protocol, Port = p.Port })],
            },
            Status = new V1ServiceStatus(),
        };

    /// <summary>Writes the decision into the object as the controller's status and annotation patches would.</summary>
    public static V1Service Apply(this V1Service service, Platform.LoadBalancer.Services.ServiceDecision decision)
    {
        service.Status ??= new V1ServiceStatus();
        service.Status.LoadBalancer = new V1LoadBalancerStatus { Ingress = [.. decision.Ingress.Select(ip => new V1LoadBalancerIngress { Ip = ip })] };
        service.Status.Conditions = decision.Condition is null ? [] : [decision.Condition];
        service.Metadata.Annotations ??= new Dictionary<string, string>();
        if (decision.AllocatedFromPool is null)
        {
            service.Metadata.Annotations.Remove("metallb.io/ip-allocated-from-pool");
        }
        else
        {
            service.Metadata.Annotations["metallb.io/ip-allocated-from-pool"] = decision.AllocatedFromPool;
        }

        return service;
    }

    public static V1Service WithIngress(this V1Service service, params string[] ips)
    {
        service.Status ??= new V1ServiceStatus();
        service.Status.LoadBalancer = new V1LoadBalancerStatus { Ingress = [.. ips.Select(ip => new V1LoadBalancerIngress { Ip = ip })] };
        return service;
    }
}
