using System.Net;
using System.Text.Json.Nodes;
using k8s;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Platform.Webhooks.Tests.LoadBalancer;

/// <summary>Just the API the MetalLB webhooks read: list of metallb.io/v1beta1 ipaddresspools per namespace, on 127.0.0.1.</summary>
internal sealed class PoolApi : IAsyncDisposable
{
    private readonly Lock gate = new();
    private readonly List<JsonObject> pools = [];
    private readonly WebApplication app;

    private PoolApi(WebApplication app) => this.app = app;

    public Uri Address { get; private set; } = null!;

    /// <summary>While true, every list is answered 503, as an API server that is down.</summary>
    public bool Unavailable { get; set; }

    public static async Task<PoolApi> StartAsync()
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var api = new PoolApi(builder.Build());
        api.app.Run(api.HandleAsync);
        await api.app.StartAsync();
        api.Address = new Uri(api.app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        return api;
    }

    public IKubernetes CreateClient() => new Kubernetes(new KubernetesClientConfiguration { Host = Address.ToString() });

    public void Add(JsonObject pool)
    {
        lock (gate)
        {
            pools.Add((JsonObject)pool.DeepClone());
        }
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var segments = (context.Request.Path.Value ?? "").Trim('/').Split('/');
        if (Unavailable)
        {
            await WriteAsync(context, 503, new JsonObject { ["kind"] = "Status", ["apiVersion"] = "v1", ["status"] = "Failure", ["reason"] = "ServiceUnavailable", ["code"] = 503 });
            return;
        }

        if (segments is ["apis", "metallb.io", "v1beta1", "namespaces", var ns, "ipaddresspools"] && context.Request.Method == "GET")
        {
            JsonArray items;
            lock (gate)
            {
                items = [.. pools.Where(p => p["metadata"]?["namespace"]?.GetValue<string>() == ns).Select(p => p.DeepClone())];
            }

            await WriteAsync(context, 200, new JsonObject { ["apiVersion"] = "metallb.io/v1beta1", ["kind"] = "IPAddressPoolList", ["metadata"] = new JsonObject(), ["items"] = items });
            return;
        }

        await WriteAsync(context, 404, new JsonObject { ["kind"] = "Status", ["apiVersion"] = "v1", ["status"] = "Failure", ["reason"] = "NotFound", ["code"] = 404 });
    }

    private static async Task WriteAsync(HttpContext context, int code, JsonNode body)
    {
        context.Response.StatusCode = code;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body.ToJsonString());
    }
}
