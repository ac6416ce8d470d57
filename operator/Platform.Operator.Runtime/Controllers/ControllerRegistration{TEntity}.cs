namespace Platform.Operator.Runtime.Controllers;

/// <summary>The controller implementation registered for a kind.</summary>
internal sealed record ControllerRegistration<TEntity>(Type ImplementationType);
