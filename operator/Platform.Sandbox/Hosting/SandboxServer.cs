using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using k8s;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Platform.Sandbox.Admission;
using Platform.Sandbox.Api;
using Platform.Sandbox.Authentication;
using Platform.Sandbox.Controllers;
using Platform.Sandbox.Faults;
using Platform.Sandbox.Http;
using Platform.Sandbox.Resources;
using Platform.Sandbox.Rest;
using Platform.Sandbox.Schema;
using Platform.Sandbox.Semantics;
using Platform.Sandbox.Storage;

namespace Platform.Sandbox.Hosting;

/// <summary>
/// The embedded control plane: an HTTPS Kubernetes API server on 127.0.0.1 with its own CA, token
/// authentication, the built-in kinds and CRD-served custom resources, watch, admission and fault
/// injection. Start with <see cref="StartAsync"/>; dispose to stop.
/// </summary>
public sealed class SandboxServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly SandboxCertificateAuthority _ca;
    private readonly TokenAuthenticator _auth;
    private readonly ObjectStore _store;
    private readonly List<IDisposable> _controllers;
    private readonly StatePersistence? _persistence;
    private static readonly TimeSpan ShutdownGrace = TimeSpan.FromSeconds(2);
    private readonly ResourceCatalog _catalog;
    private int _disposed;

    private SandboxServer(WebApplication app, SandboxCertificateAuthority ca, TokenAuthenticator auth, ObjectStore store,
        FaultInjector faults, Uri baseAddress, List<IDisposable> controllers, StatePersistence? persistence, ResourceOperations operations, ResourceCatalog catalog)
    {
        _catalog = catalog;
        _app = app;
        _ca = ca;
        _auth = auth;
        _store = store;
        Faults = faults;
        BaseAddress = baseAddress;
        _controllers = controllers;
        _persistence = persistence;
        Operations = operations;
    }

    /// <summary>https://127.0.0.1:&lt;port&gt;/</summary>
    public Uri BaseAddress { get; }

    /// <summary>The admin kubeconfig written at start, or null when none was requested.</summary>
    public string? KubeconfigPath { get; private set; }

    public string AdminToken => _auth.AdminToken;

    public SandboxCertificateAuthority CertificateAuthority => _ca;

    public FaultInjector Faults { get; }

    /// <summary>In-process read access to stored objects.</summary>
    public IObjectStoreReader Store => _store;

    /// <summary>The services of the embedded host (resolved collaborators such as IAdmissionChain).</summary>
    public IServiceProvider Services => _app.Services;

    internal ResourceOperations Operations { get; }

    internal ObjectStore ObjectStore => _store;

    /// <summary>Client configuration for the cluster admin.</summary>
    public KubernetesClientConfiguration ClientConfiguration => ClientConfigurationFor(AdminToken);

    public KubernetesClientConfiguration ClientConfigurationFor(string token) => new()
    {
        Host = BaseAddress.ToString().TrimEnd('/'),
        AccessToken = token,
        SslCaCerts = [X509CertificateLoader.LoadCertificate(_ca.Certificate.RawData)],
    };

    /// <summary>A client authenticated as the cluster admin.</summary>
    public Kubernetes CreateClient() => new(ClientConfiguration);

    public string IssueNodeToken(string nodeName) => _auth.IssueNodeToken(nodeName);

    public string IssueServiceAccountToken(string namespaceName, string serviceAccount)
    {
        var sa = _store.Get("", "v1", "serviceaccounts", namespaceName, serviceAccount);
        return _auth.IssueServiceAccountToken(namespaceName, serviceAccount, ObjectJson.Str(sa?["metadata"]?["uid"]));
    }

    public string IssueToken(AdmissionUserInfo user) => _auth.IssueToken(user);

    /// <summary>Writes an admin kubeconfig to <paramref name="path"/>.</summary>
    public string WriteKubeconfig(string path)
    {
        KubeconfigWriter.Write(path, KubeconfigWriter.Render(BaseAddress, _ca.CertificatePem, TokenAuthenticator.AdminUser, AdminToken));
        return Path.GetFullPath(path);
    }

    /// <summary>
    /// Creates every object of a YAML/JSON manifest (multi-document), replacing objects that exist, as
    /// the cluster admin. Unknown kinds fail with the server's 404 Status (as <see cref="Errors.ApiException"/>).
    /// </summary>
    public async Task<int> ApplyManifestAsync(string yaml, CancellationToken ct = default)
    {
        var count = 0;
        foreach (var doc in YamlJson.ParseAll(yaml))
        {
            if (doc is not JsonObject obj)
            {
                continue;
            }

            var items = ObjectJson.Str(obj["kind"]).EndsWith("List", StringComparison.Ordinal) && obj["items"] is JsonArray list
                ? list.OfType<JsonObject>().Select(i => (JsonObject)i.DeepClone()).ToList()
                : [obj];
            foreach (var item in items)
            {
                await ApplyObjectAsync(item, ct);
                count++;
            }
        }

        return count;
    }

    /// <summary>Applies every *.yaml / *.yml / *.json manifest in <paramref name="directory"/>, in name order.</summary>
    public async Task<int> ApplyDirectoryAsync(string directory, CancellationToken ct = default)
    {
        var count = 0;
        foreach (var file in Directory.EnumerateFiles(directory).Where(f => f.EndsWith(".yaml", StringComparison.Ordinal) || f.EndsWith(".yml", StringComparison.Ordinal) || f.EndsWith(".json", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            count += await ApplyManifestAsync(await File.ReadAllTextAsync(file, ct), ct);
        }

        return count;
    }

    private async Task ApplyObjectAsync(JsonObject obj, CancellationToken ct)
    {
        var apiVersion = ObjectJson.Str(obj["apiVersion"]);
        var kind = ObjectJson.Str(obj["kind"]);
        var (group, version) = apiVersion.Contains('/') ? (apiVersion[..apiVersion.IndexOf('/')], apiVersion[(apiVersion.IndexOf('/') + 1)..]) : ("", apiVersion);
        var type = _catalog.All.FirstOrDefault(t => t.Group == group && t.Version == version && t.Kind == kind)
            ?? throw new Errors.ApiException(404, "NotFound", $"no matches for kind \"{kind}\" in version \"{apiVersion}\"");
        var name = ObjectJson.Str(obj["metadata"]?["name"]);
        var ns = type.Namespaced ? (ObjectJson.Str(obj["metadata"]?["namespace"]) is { Length: > 0 } n ? n : "default") : "";
        var admin = new AdmissionUserInfo(TokenAuthenticator.AdminUser, "", ["system:masters", "system:authenticated"]);
        var req = new ApiRequest { Type = type, Namespace = ns, Name = name, User = admin, FieldManager = "platform-sandbox" };
        if (_store.Bucket(type).Get(ns, name) is null)
        {
            await Operations.CreateAsync(req with { Name = "" }, obj, ct);
        }
        else
        {
            await Operations.PatchAsync(req, "application/merge-patch+json", obj.ToJsonString(), ct);
        }
    }

    public static async Task<SandboxServer> StartAsync(SandboxOptions? options = null, CancellationToken ct = default)
    {
        options ??= new SandboxOptions();
        var time = options.TimeProvider;
        var ca = new SandboxCertificateAuthority(time);
        var serving = ca.IssueServingCertificate(["localhost", "kubernetes", "kubernetes.default", "kubernetes.default.svc"], [IPAddress.Loopback, IPAddress.IPv6Loopback]);
        var catalog = new ResourceCatalog();
        var store = new ObjectStore(catalog, options.RetainedEventsPerResource);
        var auth = new TokenAuthenticator();
        var faults = new FaultInjector(store.CloseAllWatches);
        var addresses = new ServiceAddressAllocator(options.ServiceCidrIPv4, options.ServiceCidrIPv6);

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        options.ConfigureLogging?.Invoke(builder.Logging);
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Limits.MaxRequestBodySize = null;
            k.AddServerHeader = false;
            k.Listen(IPAddress.Loopback, options.Port, listen =>
            {
                listen.Protocols = HttpProtocols.Http1AndHttp2;
                listen.UseHttps(serving);
            });
        });
        builder.Services.AddSingleton<Microsoft.Extensions.Hosting.IHostLifetime, EmbeddedHostLifetime>();

        // Stopping must be prompt (SIGINT on `platform sandbox`, every test's dispose): requests still running
        // after this are aborted instead of waited for (the default is 30 s).
        builder.Services.Configure<Microsoft.Extensions.Hosting.HostOptions>(h => h.ShutdownTimeout = ShutdownGrace);
        builder.Services.AddSingleton<IObjectStoreReader>(store);
        builder.Services.TryAddSingleton(time);
        options.ConfigureServices?.Invoke(builder.Services);
        if (options.EnableSchemaValidation)
        {
            builder.Services.TryAddSingleton<ICustomResourceValidator, CustomResourceSchemaPipeline>();
        }

        if (options.EnableWebhookAdmission)
        {
            builder.Services.TryAddSingleton<IWebhookEndpointResolver, ServiceWebhookEndpointResolver>();
            builder.Services.TryAddSingleton<IAdmissionChain, WebhookAdmissionChain>();
        }

        var app = builder.Build();
        var loggerFactory = app.Services.GetRequiredService<ILoggerFactory>();
        var operations = new ResourceOperations(store, catalog, time, addresses, auth,
            app.Services.GetService<ICustomResourceValidator>(), app.Services.GetService<IAdmissionChain>());

        StatePersistence? persistence = null;
        if (options.DataDirectory is { } dir)
        {
            persistence = new StatePersistence(dir, store, catalog, addresses);
            persistence.Restore();
        }

        var controllers = new List<IDisposable>
        {
            new GarbageCollector(store, catalog, operations, loggerFactory.CreateLogger("Platform.Sandbox.GarbageCollector")),
            new NamespaceLifecycleController(store, catalog, operations, loggerFactory.CreateLogger("Platform.Sandbox.NamespaceController")),
            new PodGarbageCollector(store, catalog, operations, loggerFactory.CreateLogger("Platform.Sandbox.PodGarbageCollector")),
        };
        var watch = new WatchStreamer(store, faults, time, options.BookmarkInterval, operations);
        Uri? baseAddress = null;
        var endpoint = new ApiServerEndpoint(auth, faults, catalog, operations, watch, new OpenApiDocuments(catalog, store),
            loggerFactory.CreateLogger("Platform.Sandbox.ApiServer"), () => $"{baseAddress!.Host}:{baseAddress.Port}", time);
        app.Run(endpoint.HandleAsync);
        await app.StartAsync(ct);
        var address = app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var port = new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal)).Port;
        baseAddress = new Uri($"https://127.0.0.1:{port}/");
        var server = new SandboxServer(app, ca, auth, store, faults, baseAddress, controllers, persistence, operations, catalog);
        await server.BootstrapAsync(options, ct);
        if (options.KubeconfigPath is { } kubeconfig)
        {
            server.KubeconfigPath = server.WriteKubeconfig(kubeconfig);
        }

        return server;
    }

    private async Task BootstrapAsync(SandboxOptions options, CancellationToken ct)
    {
        var admin = new AdmissionUserInfo(TokenAuthenticator.AdminUser, "", ["system:masters", "system:authenticated"]);
        foreach (var ns in new[] { "default", "kube-system", "kube-public", "kube-node-lease" })
        {
            await EnsureAsync("", "v1", "namespaces", "", new JsonObject
            {
                ["apiVersion"] = "v1", ["kind"] = "Namespace", ["metadata"] = new JsonObject { ["name"] = ns },
            }, admin, ct);
        }

        await EnsureAsync("", "v1", "services", "default", new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Service",
            ["metadata"] = new JsonObject { ["name"] = "kubernetes", ["labels"] = new JsonObject { ["component"] = "apiserver", ["provider"] = "kubernetes" } },
            ["spec"] = new JsonObject
            {
                ["clusterIP"] = ServiceAddressAllocator.FirstServiceAddress(options.ServiceCidrIPv4),
                ["ports"] = new JsonArray(new JsonObject { ["name"] = "https", ["port"] = 443, ["protocol"] = "TCP", ["targetPort"] = BaseAddress.Port }),
            },
        }, admin, ct);

        for (var i = 1; i <= options.Nodes; i++)
        {
            var name = $"sandbox-node-{i}";
            var now = ObjectJson.Timestamp(options.TimeProvider.GetUtcNow());
            await EnsureAsync("", "v1", "nodes", "", new JsonObject
            {
                ["apiVersion"] = "v1",
                ["kind"] = "Node",
                ["metadata"] = new JsonObject
                {
                    ["name"] = name,
                    ["labels"] = new JsonObject
                    {
                        ["kubernetes.io/hostname"] = name, ["kubernetes.io/os"] = "linux", ["kubernetes.io/arch"] = "amd64",
                    },
                },
                ["spec"] = new JsonObject { ["podCIDR"] = $"10.244.{i}.0/24", ["podCIDRs"] = new JsonArray($"10.244.{i}.0/24", $"fd00:10:244:{i}::/64") },
                ["status"] = new JsonObject
                {
                    ["conditions"] = new JsonArray(new JsonObject
                    {
                        ["type"] = "Ready", ["status"] = "True", ["reason"] = "KubeletReady", ["message"] = "kubelet is posting ready status",
                        ["lastHeartbeatTime"] = now, ["lastTransitionTime"] = now,
                    }),
                    ["addresses"] = new JsonArray(
                        new JsonObject { ["type"] = "InternalIP", ["address"] = $"192.0.2.{10 + i}" },
                        new JsonObject { ["type"] = "Hostname", ["address"] = name }),
                    ["nodeInfo"] = new JsonObject { ["kubeletVersion"] = Discovery.GitVersion, ["operatingSystem"] = "linux", ["architecture"] = "amd64" },
                },
            }, admin, ct);
        }
    }

    private async Task EnsureAsync(string group, string version, string resource, string ns, JsonObject obj, AdmissionUserInfo user, CancellationToken ct)
    {
        var name = ObjectJson.Str(obj["metadata"]?["name"]);
        if (_store.Get(group, version, resource, ns, name) is not null)
        {
            return;
        }

        var type = BuiltInResources.All.First(t => t.Group == group && t.Version == version && t.Plural == resource);
        await Operations.CreateAsync(new ApiRequest { Type = type, Namespace = ns, User = user }, obj, ct);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        _store.CloseAllWatches();
        using (var stopDeadline = new CancellationTokenSource(ShutdownGrace))
        {
            try
            {
                await _app.StopAsync(stopDeadline.Token);
            }
            catch (OperationCanceledException)
            {
                // Past the grace period Kestrel aborts the remaining connections itself.
            }
        }

        _store.CloseAllWatches();
        foreach (var c in _controllers)
        {
            c.Dispose();
        }

        _persistence?.Dispose();
        await _app.DisposeAsync();
        _ca.Dispose();
    }
}
