using Platform.Webhooks.Abstractions.Admission;

namespace Platform.Webhooks.Abstractions.Validation;

/// <summary>
/// Base of a validating admission webhook for <typeparamref name="TEntity"/>, shaped like KubeOps.Operator.Web:
/// override the sync or the async form of Create, Update and Delete. Anything not overridden admits.
/// <typeparamref name="TEntity"/> may be an abstract base of several served versions; the server decodes the
/// concrete version named by the request.
/// </summary>
public abstract class ValidationWebhook<TEntity>
    where TEntity : class
{
    /// <summary>Validate an object being created.</summary>
    public virtual ValidationResult Create(TEntity entity, bool dryRun) => Success();

    /// <summary>Validate an object being created, with the call's context.</summary>
    public virtual Task<ValidationResult> CreateAsync(TEntity entity, AdmissionContext context, CancellationToken cancellationToken) =>
        Task.FromResult(Create(entity, context.DryRun));

    /// <summary>Validate an update from <paramref name="oldEntity"/> to <paramref name="newEntity"/>.</summary>
    public virtual ValidationResult Update(TEntity oldEntity, TEntity newEntity, bool dryRun) => Success();

    /// <summary>Validate an update, with the call's context.</summary>
    public virtual Task<ValidationResult> UpdateAsync(TEntity oldEntity, TEntity newEntity, AdmissionContext context, CancellationToken cancellationToken) =>
        Task.FromResult(Update(oldEntity, newEntity, context.DryRun));

    /// <summary>Validate the deletion of an object.</summary>
    public virtual ValidationResult Delete(TEntity entity, bool dryRun) => Success();

    /// <summary>Validate a deletion, with the call's context.</summary>
    public virtual Task<ValidationResult> DeleteAsync(TEntity entity, AdmissionContext context, CancellationToken cancellationToken) =>
        Task.FromResult(Delete(entity, context.DryRun));

    /// <summary>Admit, optionally with warnings.</summary>
    protected static ValidationResult Success(params string[] warnings) => ValidationResult.Success(warnings);

    /// <summary>Deny with a message and a status code (400 unless given, as the API server would report it).</summary>
    protected static ValidationResult Fail(string reason, int statusCode = ValidationResult.DefaultDenialCode) =>
        ValidationResult.Fail(reason, statusCode);
}
