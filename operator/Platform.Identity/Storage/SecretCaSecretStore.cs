using System.Text.Json.Nodes;
using k8s.Models;
using Platform.Identity.Authority;
using Platform.Operator.Abstractions.Client;

namespace Platform.Identity.Storage;

/// <summary>
/// Keeps the trust-domain CA state in a Secret of the suite's namespace, so a restarted (or newly elected)
/// controller reuses the CA instead of minting a new root that no published bundle contains yet.
/// </summary>
internal sealed class SecretCaSecretStore(IKubernetesClient client, string namespaceName, string secretName) : ICaSecretStore
{
    public const string SecretType = "platform.io/spiffe-ca";

    public async Task<IReadOnlyDictionary<string, byte[]>?> LoadAsync(CancellationToken cancellationToken)
    {
        var secret = await client.GetAsync<V1Secret>(secretName, namespaceName, cancellationToken).ConfigureAwait(false);
        return secret is null ? null : new Dictionary<string, byte[]>(secret.Data ?? new Dictionary<string, byte[]>(), StringComparer.Ordinal);
    }

    public async Task SaveAsync(IReadOnlyDictionary<string, byte[]> data, CancellationToken cancellationToken)
    {
        var copy = new Dictionary<string, byte[]>(data, StringComparer.Ordinal);
        var existing = await client.GetAsync<V1Secret>(secretName, namespaceName, cancellationToken).ConfigureAwait(false);
        if (existing is null)
        {
            try
            {
                await client.CreateAsync(NewSecret(copy), cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (KubernetesApiException e) when (e.StatusCode == System.Net.HttpStatusCode.Conflict)
            {
                // Created meanwhile (another replica); fall through to the replace below.
            }
        }

        // Keys that disappeared from the journal must disappear from the Secret: a merge patch sets them to null.
        var patchData = new JsonObject();
        foreach (var key in existing?.Data?.Keys ?? [])
        {
            patchData[key] = null;
        }

        foreach (var (key, value) in copy)
        {
            patchData[key] = Convert.ToBase64String(value);
        }

        var patch = new JsonObject { ["data"] = patchData }.ToJsonString();
        await client.MergePatchAsync<V1Secret>(secretName, namespaceName, patch, cancellationToken).ConfigureAwait(false);
    }

    private V1Secret NewSecret(Dictionary<string, byte[]> data) => new()
    {
        ApiVersion = "v1",
        Kind = "Secret",
        Type = SecretType,
        Metadata = new V1ObjectMeta
        {
            Name = secretName,
            NamespaceProperty = namespaceName,
            Labels = new Dictionary<string, string> { ["app.kubernetes.io/managed-by"] = "platform" },
        },
        Data = data,
    };
}
