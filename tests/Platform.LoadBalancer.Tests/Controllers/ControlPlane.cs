using System.Text.Json;
using k8s;
using k8s.Models;
using Platform.Sandbox.Hosting;

namespace Platform.LoadBalancer.Tests.Controllers;

/// <summary>
/// The embedded API server with the MetalLB CRDs from crds/generated and the namespaces MetalLB's examples use.
/// Controller replicas (<see cref="ControllerReplica"/>) connect to it like a real controller would.
/// </summary>
internal sealed class ControlPlane : IAsyncDisposable
{
    public const string PoolNamespace = "metallb-system";

    private ControlPlane(SandboxServer server)
    {
        Server = server;
        Client = server.CreateClient();
    }

    public SandboxServer Server { get; }

    public Kubernetes Client { get; }

    public static async Task<ControlPlane> StartAsync()
    {
        var server = await SandboxServer.StartAsync(new SandboxOptions { EnableWebhookAdmission = false });
        try
        {
            var crds = Path.Combine(RepositoryRoot(), "crds", "generated");
            foreach (var file in new[] { "ipaddresspools.metallb.io.yaml", "l2advertisements.metallb.io.yaml" })
            {
                await server.ApplyManifestAsync(await File.ReadAllTextAsync(Path.Combine(crds, file)));
            }

            await server.ApplyManifestAsync("""
                apiVersion: v1
                kind: Namespace
                metadata:
                  name: metallb-system
                ---
                apiVersion: v1
                kind: Namespace
                metadata:
                  name: apps
                """);
            return new ControlPlane(server);
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    public Task ApplyAsync(string yaml) => Server.ApplyManifestAsync(yaml);

    public Task<V1Service> CreateServiceAsync(string name, IDictionary<string, string>? annotations = null, int port = 80, string ns = "apps", string protocol = "TCP") =>
        Client.CoreV1.CreateNamespacedServiceAsync(
            new V1Service
            {
                Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns, Annotations = annotations },
                Spec = new V1ServiceSpec
                {
                    Type = "LoadBalancer",
                    Selector = new Dictionary<string, string> { ["app"] = name },
                    Ports = [new V1ServicePort { Port = port, Protocol = protocol, TargetPort = port }],
                },
            },
            ns);

    public Task<V1Service> ReadServiceAsync(string name, string ns = "apps") => Client.CoreV1.ReadNamespacedServiceAsync(name, ns);

    public async Task<IReadOnlyList<V1Service>> ListServicesAsync(string ns = "apps") =>
        (await Client.CoreV1.ListNamespacedServiceAsync(ns)).Items.ToList();

    public Task DeletePoolAsync(string name) =>
        Client.CustomObjects.DeleteNamespacedCustomObjectAsync("metallb.io", "v1beta1", PoolNamespace, "ipaddresspools", name);

    public async Task<JsonElement> ReadPoolAsync(string name)
    {
        var obj = await Client.CustomObjects.GetNamespacedCustomObjectAsync("metallb.io", "v1beta1", PoolNamespace, "ipaddresspools", name);
        return JsonSerializer.SerializeToElement(obj);
    }

    /// <summary>Event reasons recorded for one object (events.k8s.io/v1 and core/v1 alike).</summary>
    public async Task<IReadOnlyList<(string Reason, string Note)>> EventsForAsync(string name, string ns = "apps")
    {
        var v1 = await Client.EventsV1.ListNamespacedEventAsync(ns);
        var core = await Client.CoreV1.ListNamespacedEventAsync(ns);
        return
        [
            .. v1.Items.Where(e => e.Regarding?.Name == name).Select(e => (e.Reason ?? string.Empty, e.Note ?? string.Empty)),
            .. core.Items.Where(e => e.InvolvedObject?.Name == name).Select(e => (e.Reason ?? string.Empty, e.Message ?? string.Empty)),
        ];
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Server.DisposeAsync();
    }

    public static IReadOnlyList<string> Ingress(V1Service service) =>
        [.. (service.Status?.LoadBalancer?.Ingress ?? []).Select(i => i.Ip).Where(ip => !string.IsNullOrEmpty(ip))];

    public static V1Condition? AddressCondition(V1Service service) =>
        service.Status?.Conditions?.FirstOrDefault(c => c.Type == "LoadBalancerAddressAssigned");

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Platform.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Platform.sln not found above the test directory.");
    }
}
