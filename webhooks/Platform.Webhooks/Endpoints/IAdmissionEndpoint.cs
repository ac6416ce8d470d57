using Platform.Webhooks.Abstractions.Admission;
using Platform.Webhooks.Registration;

namespace Platform.Webhooks.Endpoints;

/// <summary>Turns an admission request into a response for one registered webhook.</summary>
internal interface IAdmissionEndpoint
{
    WebhookRegistration Registration { get; }

    Task<AdmissionResponse> ReviewAsync(AdmissionRequest request, CancellationToken cancellationToken);
}
