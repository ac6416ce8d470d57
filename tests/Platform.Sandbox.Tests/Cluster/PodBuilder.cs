using k8s.Models;

namespace Platform.Sandbox.Tests.Cluster;

/// <summary>Test pods.</summary>
internal static class PodBuilder
{
    public static V1Pod Pod(string name, Dictionary<string, string>? labels = null, int? containerPort = null, string? portName = null) => new()
    {
        ApiVersion = "v1",
        Kind = "Pod",
        Metadata = new V1ObjectMeta { Name = name, Labels = labels },
        Spec = new V1PodSpec
        {
            Containers =
            [
                new V1Container
                {
                    Name = "app",
                    Image = "nginx:1.27",
                    Ports = containerPort is { } p ? [new V1ContainerPort { ContainerPort = p, Name = portName }] : null,
                },
            ],
        },
    };

    public static bool IsReady(V1Pod pod) =>
        pod.Status?.Phase == "Running" && pod.Status.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true;
}
