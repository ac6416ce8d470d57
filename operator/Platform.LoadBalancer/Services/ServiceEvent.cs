using Platform.Operator.Abstractions.Events;

namespace Platform.LoadBalancer.Services;

/// <summary>An event to publish on the Service, with MetalLB's reason.</summary>
/// <param name="Type">Normal or Warning.</param>
/// <param name="Reason">MetalLB's reason string.</param>
/// <param name="Message">The message.</param>
public sealed record ServiceEvent(EventType Type, string Reason, string Message);
