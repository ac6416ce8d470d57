namespace Platform.Operator.Runtime.Informers;

/// <summary>The label and field selectors the shared informer of a kind lists and watches with.</summary>
internal sealed record InformerSelector<TEntity>(string? LabelSelector, string? FieldSelector);
