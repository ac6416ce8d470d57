using k8s;
using k8s.Models;
using Platform.Operator.Runtime.Tests.Support;
using Platform.Sandbox.Hosting;

namespace Platform.Operator.Runtime.Tests.Integration;

/// <summary>
/// One embedded control plane per test class, with the Widget CRD installed. Tests isolate themselves with
/// <see cref="NewNamespaceAsync"/> (and a runtime restricted to that namespace).
/// </summary>
public sealed class SandboxFixture : IAsyncLifetime
{
    public SandboxServer Server { get; private set; } = null!;

    /// <summary>An admin client for arranging and checking state (not the runtime's own client).</summary>
    public IKubernetes Admin { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Server = await SandboxServer.StartAsync(new SandboxOptions { BookmarkInterval = TimeSpan.FromMilliseconds(300) });
        Admin = Server.CreateClient();
        await Admin.ApiextensionsV1.CreateCustomResourceDefinitionAsync(WidgetDefinition());
        await Eventually.TrueAsync(() => WidgetsServed().GetAwaiter().GetResult(), "the Widget CRD is served");
    }

    public async Task DisposeAsync()
    {
        Admin.Dispose();
        await Server.DisposeAsync();
    }

    /// <summary>A client of the runtime under test, optionally behind extra handlers (recording, partition).</summary>
    public IKubernetes CreateClient(params DelegatingHandler[] handlers) => new Kubernetes(Server.ClientConfiguration, handlers);

    public async Task<string> NewNamespaceAsync()
    {
        var name = $"t-{Guid.NewGuid():N}"[..14];
        await Admin.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = name } });
        return name;
    }

    public Task<Widget> CreateWidgetAsync(Widget widget) =>
        Admin.CustomObjects.CreateNamespacedCustomObjectAsync<Widget>(widget, "test.platform.io", "v1", widget.Metadata.NamespaceProperty, "widgets");

    public async Task<Widget> SetSizeAsync(string ns, string name, string size) =>
        await Admin.CustomObjects.PatchNamespacedCustomObjectAsync<Widget>(
            new V1Patch($$$"""{"spec":{"size":"{{{size}}}"}}""", V1Patch.PatchType.MergePatch), "test.platform.io", "v1", ns, "widgets", name);

    public async Task<Widget?> GetWidgetAsync(string ns, string name)
    {
        try
        {
            return await Admin.CustomObjects.GetNamespacedCustomObjectAsync<Widget>("test.platform.io", "v1", ns, "widgets", name);
        }
        catch (k8s.Autorest.HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    public Task DeleteWidgetAsync(string ns, string name) =>
        Admin.CustomObjects.DeleteNamespacedCustomObjectAsync("test.platform.io", "v1", ns, "widgets", name);

    private async Task<bool> WidgetsServed()
    {
        try
        {
            await Admin.CustomObjects.ListClusterCustomObjectAsync("test.platform.io", "v1", "widgets");
            return true;
        }
        catch (k8s.Autorest.HttpOperationException)
        {
            return false;
        }
    }

    private static V1CustomResourceDefinition WidgetDefinition()
    {
        var open = new V1JSONSchemaProps { Type = "object", XKubernetesPreserveUnknownFields = true };
        return new V1CustomResourceDefinition
        {
            ApiVersion = "apiextensions.k8s.io/v1",
            Kind = "CustomResourceDefinition",
            Metadata = new V1ObjectMeta { Name = "widgets.test.platform.io" },
            Spec = new V1CustomResourceDefinitionSpec
            {
                Group = "test.platform.io",
                Scope = "Namespaced",
                Names = new V1CustomResourceDefinitionNames { Plural = "widgets", Singular = "widget", Kind = "Widget", ListKind = "WidgetList" },
                Versions =
                [
                    new V1CustomResourceDefinitionVersion
                    {
                        Name = "v1",
                        Served = true,
                        Storage = true,
                        Subresources = new V1CustomResourceSubresources { Status = new object() },
                        Schema = new V1CustomResourceValidation
                        {
                            OpenAPIV3Schema = new V1JSONSchemaProps
                            {
                                Type = "object",
                                Properties = new Dictionary<string, V1JSONSchemaProps> { ["spec"] = open, ["status"] = open },
                            },
                        },
                    },
                ],
            },
        };
    }
}
