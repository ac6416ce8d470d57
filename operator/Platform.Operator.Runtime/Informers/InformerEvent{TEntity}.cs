using k8s;

namespace Platform.Operator.Runtime.Informers;

/// <summary>A change the informer applied to its store: Added, Modified (with the previous object) or Deleted.</summary>
internal readonly record struct InformerEvent<TEntity>(WatchEventType Type, TEntity Object, TEntity? Previous);
