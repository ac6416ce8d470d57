namespace Platform.Operator.Runtime.Controllers;

/// <summary>A finalizer registered for a kind: its identifier and implementation type (resolved per reconcile scope).</summary>
internal sealed record FinalizerRegistration<TEntity>(string Identifier, Type ImplementationType);
