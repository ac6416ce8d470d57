using System.Globalization;
using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Platform.Sandbox.Api;
using Platform.Sandbox.Hosting;
using Platform.Sandbox.Resources;
using Platform.Sandbox.Rest;

namespace Platform.Benchmarks.Sandbox;

/// <summary>
/// Issue 3, "memory proportional to the number of objects": stores 1k, 10k and 50k ConfigMaps or Services
/// in a fresh embedded control plane and reports the managed heap retained per object (GC.GetTotalMemory
/// after a full blocking, compacting collection, minus the same figure before the objects were created).
/// One cold run per case, in process. The figures are printed and appended to
/// BenchmarkDotNet.Artifacts/sandbox-memory.txt.
/// <code>dotnet run -c Release --project tests/Platform.Benchmarks -- --filter '*SandboxMemory*'</code>
/// </summary>
[Config(typeof(Config))]
public class SandboxMemoryBenchmarks
{
    private SandboxServer _server = null!;
    private long _baseline;
    private bool _ran;

    [Params(1_000, 10_000, 50_000)]
    public int Objects { get; set; }

    [Params("configmaps", "services")]
    public string Resource { get; set; } = "configmaps";

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _server = await SandboxServer.StartAsync(new SandboxOptions { EnableSchemaValidation = false, EnableWebhookAdmission = false });

        // Warm every code path the fill uses, so lazily built caches are in the baseline, not in the figure.
        await CreateAsync("warm-up");
        _baseline = RetainedBytes();
    }

    [Benchmark]
    public async Task Store()
    {
        // The figure is the heap the stored objects keep: one fill per process (cold start, one iteration).
        if (_ran)
        {
            throw new InvalidOperationException("the fill runs once per process; use the configured cold-start job");
        }

        _ran = true;
        for (var i = 0; i < Objects; i++)
        {
            await CreateAsync(string.Create(CultureInfo.InvariantCulture, $"o{i:D6}"));
        }
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        var retained = RetainedBytes() - _baseline;
        var line = string.Create(CultureInfo.InvariantCulture,
            $"{Resource,-10} {Objects,7} objects: {retained / (1024.0 * 1024.0),8:F1} MiB retained, {retained / (double)Objects,7:F0} bytes/object");
        Console.WriteLine("==== Sandbox memory ==== " + line);
        Directory.CreateDirectory("BenchmarkDotNet.Artifacts");
        await File.AppendAllTextAsync(Path.Combine("BenchmarkDotNet.Artifacts", "sandbox-memory.txt"), line + Environment.NewLine);
        await _server.DisposeAsync();
    }

    private static long RetainedBytes()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        return GC.GetTotalMemory(forceFullCollection: true);
    }

    private Task<ApiResult> CreateAsync(string name)
    {
        var type = BuiltInResources.All.First(t => t.Plural == Resource);
        var request = new ApiRequest { Type = type, Namespace = "default", User = new AdmissionUserInfo("bench", "", []), FieldManager = "bench" };
        return _server.Operations.CreateAsync(request, Resource == "services" ? Service(name) : ConfigMap(name), CancellationToken.None);
    }

    private static JsonObject ConfigMap(string name) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "ConfigMap",
        ["metadata"] = new JsonObject { ["name"] = name, ["labels"] = new JsonObject { ["app"] = "bench" } },
        ["data"] = new JsonObject { ["key"] = "value", ["mode"] = "fast" },
    };

    private static JsonObject Service(string name) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "Service",
        ["metadata"] = new JsonObject { ["name"] = name, ["labels"] = new JsonObject { ["app"] = "bench" } },
        ["spec"] = new JsonObject
        {
            ["selector"] = new JsonObject { ["app"] = name },
            ["ports"] = new JsonArray(new JsonObject { ["name"] = "http", ["port"] = 80, ["targetPort"] = 8080 }),
        },
    };

    /// <summary>One cold-start iteration in process, so the fill runs once and GlobalCleanup sees its heap.</summary>
    private sealed class Config : ManualConfig
    {
        public Config() => AddJob(Job.Dry.WithToolchain(new InProcessEmitToolchain(TimeSpan.FromMinutes(20), logOutput: true)).WithId("memory"));
    }
}
