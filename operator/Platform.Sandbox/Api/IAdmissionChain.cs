namespace Platform.Sandbox.Api;

/// <summary>
/// Admission hook. The request pipeline runs the two phases the way kube-apiserver does: built-in defaulting,
/// then <see cref="MutateAsync"/>, then built-in and custom-resource schema validation of the mutated object,
/// then <see cref="ValidateAsync"/>, then storage. Deletes (which have no new object to validate) call
/// <see cref="AdmitAsync"/>, which runs both phases back to back.
/// </summary>
public interface IAdmissionChain
{
    /// <summary>Both phases, mutating then validating.</summary>
    Task<AdmissionOutcome> AdmitAsync(AdmissionAttributes attributes, CancellationToken ct);

    /// <summary>
    /// The mutating phase. A chain that does not separate its phases runs everything here (before schema
    /// validation) and lets <see cref="ValidateAsync"/> allow everything.
    /// </summary>
    Task<AdmissionOutcome> MutateAsync(AdmissionAttributes attributes, CancellationToken ct) => AdmitAsync(attributes, ct);

    /// <summary>The validating phase, on the object as it will be stored (mutated, defaulted, validated).</summary>
    Task<AdmissionOutcome> ValidateAsync(AdmissionAttributes attributes, CancellationToken ct) => Task.FromResult(AdmissionOutcome.Allow(null));
}
