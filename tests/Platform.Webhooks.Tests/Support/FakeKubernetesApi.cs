using System.Net;
using System.Text.Json.Nodes;
using k8s;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Platform.Webhooks.Tests.Support;

/// <summary>
/// Just the API the self-managed CA uses (Secrets get/create; Validating/MutatingWebhookConfigurations list by
/// label and replace with resourceVersion conflicts), over plain HTTP on 127.0.0.1.
/// </summary>
internal sealed class FakeKubernetesApi : IAsyncDisposable
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, JsonObject> objects = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> writes = new(StringComparer.Ordinal);
    private readonly WebApplication app;
    private int resourceVersion = 1;

    private FakeKubernetesApi(WebApplication app) => this.app = app;

    public Uri Address { get; private set; } = null!;

    /// <summary>While true, every call is answered 503, as an API server that is down.</summary>
    public bool Unavailable { get; set; }

    public static async Task<FakeKubernetesApi> StartAsync()
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var api = new FakeKubernetesApi(builder.Build());
        api.app.Run(api.HandleAsync);
        await api.app.StartAsync();
        api.Address = new Uri(api.app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        return api;
    }

    public IKubernetes CreateClient() => new Kubernetes(new KubernetesClientConfiguration { Host = Address.ToString() });

    public void Put(string collection, JsonObject obj)
    {
        lock (gate)
        {
            obj["metadata"]!["resourceVersion"] = (resourceVersion++).ToString(System.Globalization.CultureInfo.InvariantCulture);
            objects[Key(collection, obj["metadata"]!["namespace"]?.GetValue<string>(), obj["metadata"]!["name"]!.GetValue<string>())] = obj;
        }
    }

    public JsonObject? Get(string collection, string? @namespace, string name)
    {
        lock (gate)
        {
            return objects.TryGetValue(Key(collection, @namespace, name), out var obj) ? (JsonObject)obj.DeepClone() : null;
        }
    }

    public int Writes(string collection, string? @namespace, string name)
    {
        lock (gate)
        {
            return writes.GetValueOrDefault(Key(collection, @namespace, name));
        }
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }

    private static string Key(string collection, string? @namespace, string name) => $"{collection}/{@namespace}/{name}";

    private async Task HandleAsync(HttpContext context)
    {
        if (Unavailable)
        {
            await StatusAsync(context, 503, "ServiceUnavailable");
            return;
        }

        var segments = (context.Request.Path.Value ?? "").Trim('/').Split('/');
        var method = context.Request.Method;
        switch (segments)
        {
            case ["api", "v1", "namespaces", var ns, "secrets", var name] when method == "GET":
                await RespondAsync(context, Get("secrets", ns, name));
                return;
            case ["api", "v1", "namespaces", var ns, "secrets"] when method == "POST":
                {
                    var body = (await JsonNode.ParseAsync(context.Request.Body))!.AsObject();
                    body["metadata"]!["namespace"] = ns;
                    var name = body["metadata"]!["name"]!.GetValue<string>();
                    lock (gate)
                    {
                        if (objects.ContainsKey(Key("secrets", ns, name)))
                        {
                            body = null;
                        }
                        else
                        {
                            Put("secrets", body);
                            writes[Key("secrets", ns, name)] = writes.GetValueOrDefault(Key("secrets", ns, name)) + 1;
                        }
                    }

                    await (body is null ? StatusAsync(context, 409, "AlreadyExists") : RespondAsync(context, body, 201));
                    return;
                }

            case ["apis", "admissionregistration.k8s.io", "v1", var collection] when method == "GET":
                {
                    var selector = context.Request.Query["labelSelector"].ToString().Split('=');
                    List<JsonNode> items;
                    lock (gate)
                    {
                        items = [.. objects.Where(e => e.Key.StartsWith(collection + "//", StringComparison.Ordinal))
                            .Select(e => e.Value)
                            .Where(o => selector.Length != 2 || o["metadata"]?["labels"]?[selector[0]]?.GetValue<string>() == selector[1])
                            .Select(o => o.DeepClone())];
                    }

                    var kind = collection.StartsWith("validating", StringComparison.Ordinal) ? "ValidatingWebhookConfigurationList" : "MutatingWebhookConfigurationList";
                    await RespondAsync(context, new JsonObject
                    {
                        ["apiVersion"] = "admissionregistration.k8s.io/v1",
                        ["kind"] = kind,
                        ["metadata"] = new JsonObject(),
                        ["items"] = new JsonArray([.. items]),
                    });
                    return;
                }

            case ["apis", "admissionregistration.k8s.io", "v1", var collection, var name] when method == "PUT":
                {
                    var body = (await JsonNode.ParseAsync(context.Request.Body))!.AsObject();
                    var conflict = false;
                    lock (gate)
                    {
                        var key = Key(collection, null, name);
                        if (!objects.TryGetValue(key, out var existing) ||
                            existing["metadata"]!["resourceVersion"]!.GetValue<string>() != body["metadata"]?["resourceVersion"]?.GetValue<string>())
                        {
                            conflict = true;
                        }
                        else
                        {
                            Put(collection, body);
                            writes[key] = writes.GetValueOrDefault(key) + 1;
                        }
                    }

                    await (conflict ? StatusAsync(context, 409, "Conflict") : RespondAsync(context, body));
                    return;
                }

            case ["apis", "metallb.io", "v1beta1", "namespaces", var ns, "ipaddresspools"] when method == "GET":
                {
                    JsonArray items;
                    lock (gate)
                    {
                        items = [.. objects.Where(e => e.Key.StartsWith($"ipaddresspools/{ns}/", StringComparison.Ordinal)).Select(e => e.Value.DeepClone())];
                    }

                    await RespondAsync(context, new JsonObject { ["apiVersion"] = "metallb.io/v1beta1", ["kind"] = "IPAddressPoolList", ["metadata"] = new JsonObject(), ["items"] = items });
                    return;
                }

            default:
                await StatusAsync(context, 404, "NotFound");
                return;
        }
    }

    private static Task RespondAsync(HttpContext context, JsonNode? body, int code = 200) =>
        body is null ? StatusAsync(context, 404, "NotFound") : WriteAsync(context, code, body);

    private static Task StatusAsync(HttpContext context, int code, string reason) =>
        WriteAsync(context, code, new JsonObject { ["kind"] = "Status", ["apiVersion"] = "v1", ["status"] = "Failure", ["reason"] = reason, ["code"] = code });

    private static async Task WriteAsync(HttpContext context, int code, JsonNode body)
    {
        context.Response.StatusCode = code;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body.ToJsonString());
    }
}
