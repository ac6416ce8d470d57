using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Platform.Sandbox.Hosting;

/// <summary>How to run the embedded control plane.</summary>
public sealed class SandboxOptions
{
    /// <summary>HTTPS port on 127.0.0.1; 0 picks a free one.</summary>
    public int Port { get; set; }

    /// <summary>Number of Node objects registered at start (sandbox-node-1..N), each Ready with its own token.</summary>
    public int Nodes { get; set; }

    /// <summary>Where to write the admin kubeconfig; null writes none.</summary>
    public string? KubeconfigPath { get; set; }

    /// <summary>Directory for persisted state; null keeps everything in memory.</summary>
    public string? DataDirectory { get; set; }

    public string ServiceCidrIPv4 { get; set; } = "10.96.0.0/16";

    public string ServiceCidrIPv6 { get; set; } = "fd00:10:96::/112";

    /// <summary>Changes retained per resource for watches resuming from a resourceVersion (older → 410).</summary>
    public int RetainedEventsPerResource { get; set; } = 10_000;

    /// <summary>Interval of BOOKMARK events on watches with allowWatchBookmarks.</summary>
    public TimeSpan BookmarkInterval { get; set; } = TimeSpan.FromSeconds(30);

    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>
    /// Register the structural-schema validator (custom resources) and the webhook admission chain.
    /// Off: custom resources are stored as sent and no webhook is called.
    /// </summary>
    public bool EnableSchemaValidation { get; set; } = true;

    public bool EnableWebhookAdmission { get; set; } = true;

    /// <summary>Extra services (e.g. a replacement ICustomResourceValidator / IAdmissionChain).</summary>
    public Action<IServiceCollection>? ConfigureServices { get; set; }

    /// <summary>Logging setup; by default the sandbox logs nothing.</summary>
    public Action<ILoggingBuilder>? ConfigureLogging { get; set; }
}
