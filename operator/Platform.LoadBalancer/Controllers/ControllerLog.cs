using Microsoft.Extensions.Logging;

namespace Platform.LoadBalancer.Controllers;

/// <summary>Log messages of the LoadBalancer controllers.</summary>
internal static partial class ControllerLog
{
    [LoggerMessage(EventId = 5100, Level = LogLevel.Information, Message = "Rebuilt allocations from {Services} Services ({Assigned} assigned) over {Pools} pools")]
    public static partial void Rebuilt(this ILogger logger, int services, int assigned, int pools);

    [LoggerMessage(EventId = 5101, Level = LogLevel.Information, Message = "Pool set changed: {Pools} in service, {Invalid} invalid; {Dropped} Services lost their addresses, {Rehomed} moved pool")]
    public static partial void PoolsChanged(this ILogger logger, int pools, int invalid, int dropped, int rehomed);

    [LoggerMessage(EventId = 5102, Level = LogLevel.Debug, Message = "Service {Service} disappeared while its decision was written")]
    public static partial void ServiceVanished(this ILogger logger, string service);

    [LoggerMessage(EventId = 5103, Level = LogLevel.Warning, Message = "Could not publish event {Reason} on Service {Service}: {Error}")]
    public static partial void EventFailed(this ILogger logger, string service, string reason, string error);
}
