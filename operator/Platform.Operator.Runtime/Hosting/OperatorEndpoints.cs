using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Platform.Operator.Runtime.Diagnostics;

namespace Platform.Operator.Runtime.Hosting;

/// <summary>Maps /metrics (Prometheus text), /healthz and /readyz (ready = every cache synced).</summary>
public static class OperatorEndpoints
{
    /// <summary>Maps the runtime's diagnostic endpoints.</summary>
    public static IEndpointRouteBuilder MapOperatorEndpoints(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapGet("/metrics", async (HttpContext context) =>
        {
            var metrics = context.RequestServices.GetRequiredService<RuntimeMetrics>();
            var text = await metrics.ExportAsync(context.RequestAborted).ConfigureAwait(false);
            return Results.Text(text, "text/plain; version=0.0.4; charset=utf-8");
        });
        endpoints.MapGet("/healthz", (HttpContext context) =>
            context.RequestServices.GetRequiredService<OperatorRuntime>().IsHealthy
                ? Results.Text("ok")
                : Results.Text("controller loop stopped", statusCode: StatusCodes.Status500InternalServerError));
        endpoints.MapGet("/readyz", (HttpContext context) =>
            context.RequestServices.GetRequiredService<OperatorRuntime>().IsReady
                ? Results.Text("ok")
                : Results.Text("caches not synced", statusCode: StatusCodes.Status503ServiceUnavailable));
        return endpoints;
    }
}
