namespace Platform.Sandbox.Api;

/// <summary>
/// Admission hook. The request pipeline calls it for every mutating request (create, update, patch,
/// apply, delete, and subresources) after defaulting/schema validation and before storing. Running the
/// mutating webhooks, then the validating ones, is the chain's job.
/// </summary>
public interface IAdmissionChain
{
    Task<AdmissionOutcome> AdmitAsync(AdmissionAttributes attributes, CancellationToken ct);
}
