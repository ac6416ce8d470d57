using Platform.Webhooks.Abstractions.Admission;
using Platform.Webhooks.Abstractions.Validation;
using Platform.Webhooks.Registration;

namespace Platform.Webhooks.Endpoints;

/// <summary>Dispatches an admission request to a <see cref="ValidationWebhook{TEntity}"/> by operation.</summary>
internal sealed class ValidationEndpoint<TEntity>(ValidationWebhook<TEntity> webhook, WebhookRegistration registration) : IAdmissionEndpoint
    where TEntity : class
{
    public WebhookRegistration Registration => registration;

    public async Task<AdmissionResponse> ReviewAsync(AdmissionRequest request, CancellationToken cancellationToken)
    {
        var uid = request.Uid!;
        var context = AdmissionContextFactory.Create(request);
        ValidationResult result;
        switch (context.Operation)
        {
            case AdmissionOperations.Create:
                if (!EntityDecoder.TryDecode<TEntity>(registration, request.Kind, request.Object, "object", out var created, out var error))
                {
                    return AdmissionResponses.Denied(uid, 400, error!);
                }

                result = await webhook.CreateAsync(created!, context, cancellationToken);
                break;
            case AdmissionOperations.Update:
                if (!EntityDecoder.TryDecode<TEntity>(registration, request.Kind, request.OldObject, "oldObject", out var before, out error) ||
                    !EntityDecoder.TryDecode<TEntity>(registration, request.Kind, request.Object, "object", out var after, out error))
                {
                    return AdmissionResponses.Denied(uid, 400, error!);
                }

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

        return result.Valid
            ? AdmissionResponses.Allowed(uid, result.Warnings)
            : AdmissionResponses.Denied(uid, result.StatusCode, result.Reason ?? "denied", result.Warnings);
    }
}
