using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Platform.Operator.Suite;

/// <summary>
/// Writes the suite's objects through the API as a client would (create, or merge-patch what exists), so they
/// pass the server's full request path and are stored exactly as objects from kubectl are.
/// </summary>
internal sealed class SuiteObjectWriter(IKubernetes client)
{
    /// <summary>Creates or merge-patches every object of a YAML manifest; returns how many were written.</summary>
    public async Task<int> ApplyManifestAsync(string yaml, CancellationToken ct)
    {
        var count = 0;
        foreach (var item in KubernetesYaml.LoadAllFromString(yaml))
        {
            await ApplyAsync(item, ct).ConfigureAwait(false);
            count++;
        }

        return count;
    }

    public Task ApplyAsync(object item, CancellationToken ct) => item switch
    {
        V1CustomResourceDefinition crd => Upsert(
            () => client.ApiextensionsV1.CreateCustomResourceDefinitionAsync(crd, cancellationToken: ct),
            () => client.ApiextensionsV1.PatchCustomResourceDefinitionAsync(Merge(crd), crd.Metadata.Name, cancellationToken: ct)),
        V1ValidatingWebhookConfiguration validating => Upsert(
            () => client.AdmissionregistrationV1.CreateValidatingWebhookConfigurationAsync(validating, cancellationToken: ct),
            () => client.AdmissionregistrationV1.PatchValidatingWebhookConfigurationAsync(Merge(validating), validating.Metadata.Name, cancellationToken: ct)),
        V1MutatingWebhookConfiguration mutating => Upsert(
            () => client.AdmissionregistrationV1.CreateMutatingWebhookConfigurationAsync(mutating, cancellationToken: ct),
            () => client.AdmissionregistrationV1.PatchMutatingWebhookConfigurationAsync(Merge(mutating), mutating.Metadata.Name, cancellationToken: ct)),
        V1Namespace ns => Upsert(
            () => client.CoreV1.CreateNamespaceAsync(ns, cancellationToken: ct),
            () => client.CoreV1.PatchNamespaceAsync(Merge(ns), ns.Metadata.Name, cancellationToken: ct)),
        V1Service service => Upsert(
            () => client.CoreV1.CreateNamespacedServiceAsync(service, service.Metadata.NamespaceProperty, cancellationToken: ct),
            () => client.CoreV1.PatchNamespacedServiceAsync(Merge(service), service.Metadata.Name, service.Metadata.NamespaceProperty, cancellationToken: ct)),
        V1EndpointSlice slice => Upsert(
            () => client.DiscoveryV1.CreateNamespacedEndpointSliceAsync(slice, slice.Metadata.NamespaceProperty, cancellationToken: ct),
            () => client.DiscoveryV1.PatchNamespacedEndpointSliceAsync(Merge(slice), slice.Metadata.Name, slice.Metadata.NamespaceProperty, cancellationToken: ct)),
        _ => throw new SandboxSuiteStartException($"the suite does not install objects of type {item.GetType().Name}"),
    };

    private static V1Patch Merge(object item) => new(KubernetesJson.Serialize(item), V1Patch.PatchType.MergePatch);

    private static async Task Upsert<T>(Func<Task<T>> create, Func<Task<T>> patch)
    {
        try
        {
            await create().ConfigureAwait(false);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Conflict)
        {
            // Already there (a persisted sandbox restarting): bring it up to date, keeping server-set fields.
            await patch().ConfigureAwait(false);
        }
    }
}
