namespace Platform.Operator.Runtime.Informers;

/// <summary>A named cache index registered through <c>AddIndex</c>.</summary>
internal sealed record IndexRegistration<TEntity>(string Name, Func<TEntity, IEnumerable<string>> Indexer);
