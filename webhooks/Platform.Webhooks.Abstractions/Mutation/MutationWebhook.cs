using Platform.Webhooks.Abstractions.Admission;

namespace Platform.Webhooks.Abstractions.Mutation;

/// <summary>
/// Base of a mutating admission webhook for <typeparamref name="TEntity"/>, shaped like KubeOps.Operator.Web.
/// Return <see cref="Modified"/> with the changed object; the framework diffs it against the original into an
/// RFC 6902 JSON Patch. The entity handed in is a private copy, so it may be changed in place.
/// </summary>
public abstract class MutationWebhook<TEntity>
    where TEntity : class
{
    /// <summary>Mutate an object being created.</summary>
    public virtual MutationResult<TEntity> Create(TEntity entity, bool dryRun) => NoChanges();

    /// <summary>Mutate an object being created, with the call's context.</summary>
    public virtual Task<MutationResult<TEntity>> CreateAsync(TEntity entity, AdmissionContext context, CancellationToken cancellationToken) =>
        Task.FromResult(Create(entity, context.DryRun));

    /// <summary>Mutate an update from <paramref name="oldEntity"/> to <paramref name="newEntity"/>.</summary>
    public virtual MutationResult<TEntity> Update(TEntity oldEntity, TEntity newEntity, bool dryRun) => NoChanges();

    /// <summary>Mutate an update, with the call's context.</summary>
    public virtual Task<MutationResult<TEntity>> UpdateAsync(TEntity oldEntity, TEntity newEntity, AdmissionContext context, CancellationToken cancellationToken) =>
        Task.FromResult(Update(oldEntity, newEntity, context.DryRun));

    /// <summary>Judge a deletion (a patch is meaningless on DELETE; only the verdict counts).</summary>
    public virtual MutationResult<TEntity> Delete(TEntity entity, bool dryRun) => NoChanges();

    /// <summary>Judge a deletion, with the call's context.</summary>
    public virtual Task<MutationResult<TEntity>> DeleteAsync(TEntity entity, AdmissionContext context, CancellationToken cancellationToken) =>
        Task.FromResult(Delete(entity, context.DryRun));

    /// <summary>Admit unchanged.</summary>
    protected static MutationResult<TEntity> NoChanges(params string[] warnings) => MutationResult<TEntity>.NoChanges(warnings);

    /// <summary>Admit as <paramref name="entity"/>.</summary>
    protected static MutationResult<TEntity> Modified(TEntity entity, params string[] warnings) =>
        MutationResult<TEntity>.Modified(entity, warnings);

    /// <summary>Deny with a message and a status code (400 unless given, as the API server would report it).</summary>
    protected static MutationResult<TEntity> Fail(string reason, int statusCode = Validation.ValidationResult.DefaultDenialCode) =>
        MutationResult<TEntity>.Fail(reason, statusCode);
}
