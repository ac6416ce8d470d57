using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;
using Platform.Webhooks.Abstractions.Admission;
using Platform.Webhooks.Abstractions.Mutation;
using Platform.Webhooks.Patching;
using Platform.Webhooks.Registration;

namespace Platform.Webhooks.Endpoints;

/// <summary>Dispatches an admission request to a <see cref="MutationWebhook{TEntity}"/> and turns its result into a JSON Patch.</summary>
internal sealed class MutationEndpoint<TEntity>(MutationWebhook<TEntity> webhook, WebhookRegistration registration) : IAdmissionEndpoint
    where TEntity : class
{
    public WebhookRegistration Registration => registration;

    public async Task<AdmissionResponse> ReviewAsync(AdmissionRequest request, CancellationToken cancellationToken)
    {
        var uid = request.Uid!;
        var context = AdmissionContextFactory.Create(request);
        MutationResult<TEntity> result;
        string? originalTyped = null;
        switch (context.Operation)
        {
            case AdmissionOperations.Create:
                if (!EntityDecoder.TryDecode<TEntity>(registration, request.Kind, request.Object, "object", out var created, out var error))
                {
                    return AdmissionResponses.Denied(uid, 400, error!);
                }

                originalTyped = KubernetesJson.Serialize(created!);
                result = await webhook.CreateAsync(created!, context, cancellationToken);
                break;
            case AdmissionOperations.Update:
                if (!EntityDecoder.TryDecode<TEntity>(registration, request.Kind, request.OldObject, "oldObject", out var before, out error) ||
                    !EntityDecoder.TryDecode<TEntity>(registration, request.Kind, request.Object, "object", out var after, out error))
                {
                    return AdmissionResponses.Denied(uid, 400, error!);
                }

                originalTyped = KubernetesJson.Serialize(after!);
                result = await webhook.UpdateAsync(before!, after!, context, cancellationToken);
                break;
            case AdmissionOperations.Delete:
                if (!EntityDecoder.TryDecode<TEntity>(registration, request.Kind, request.OldObject, "oldObject", out var deleted, out error))
                {
                    return AdmissionResponses.Denied(uid, 400, error!);
                }

                result = await webhook.DeleteAsync(deleted!, context, cancellationToken);
                break;
            case AdmissionOperations.Connect:
                return AdmissionResponses.Allowed(uid, []);
            default:
                return AdmissionResponses.Denied(uid, 400, $"unknown operation \"{context.Operation}\"");
        }

        if (!result.Valid)
        {
            return AdmissionResponses.Denied(uid, result.StatusCode, result.Reason ?? "denied", result.Warnings);
        }

        var response = AdmissionResponses.Allowed(uid, result.Warnings);
        if (result.ModifiedObject is { } modified && originalTyped is not null && request.Object is { } raw)
        {
            var patch = PatchFor(raw, originalTyped, KubernetesJson.Serialize(modified));
            if (patch.Count > 0)
            {
                response.Patch = Convert.ToBase64String(Encoding.UTF8.GetBytes(patch.ToJsonString()));
                response.PatchType = AdmissionResponse.JsonPatchType;
            }
        }

        return response;
    }

    /// <summary>
    /// The patch is computed against the object exactly as sent. The typed before/after diff is replayed onto the
    /// raw object first, so fields the entity class does not model survive; only if that replay does not fit
    /// (the typed form added structure the raw object lacks) is the raw object diffed against the typed result.
    /// </summary>
    internal static JsonArray PatchFor(JsonElement raw, string originalTyped, string modifiedTyped)
    {
        var rawNode = JsonNode.Parse(raw.GetRawText());
        var change = JsonPatchDiffer.Diff(JsonNode.Parse(originalTyped), JsonNode.Parse(modifiedTyped));
        JsonNode? target;
        try
        {
            target = JsonPatchApplier.Apply(rawNode, change);
        }
        catch (JsonPatchException)
        {
            target = JsonNode.Parse(modifiedTyped);
        }

        return JsonPatchDiffer.Diff(rawNode, target);
    }
}
