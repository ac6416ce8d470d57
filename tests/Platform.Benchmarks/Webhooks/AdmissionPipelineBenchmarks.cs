using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;
using Platform.Webhooks;
using Platform.Webhooks.Endpoints;
using Platform.Webhooks.Hosting;
using Platform.Webhooks.Patching;

namespace Platform.Benchmarks.Webhooks;

/// <summary>In-process cost of one admission: envelope parse, ServiceEntry decode and validation, answer serialization.</summary>
[MemoryDiagnoser]
public class AdmissionPipelineBenchmarks
{
    private ServiceProvider provider = null!;
    private IAdmissionEndpoint serviceEntry = null!;
    private byte[] body = null!;
    private Platform.Webhooks.Abstractions.Admission.AdmissionRequest request = null!;
    private JsonNode podBefore = null!;
    private JsonNode podAfter = null!;

    [GlobalSetup]
    public void Setup()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddAdmissionWebhooks().AddPlatformWebhooks();
        provider = services.BuildServiceProvider();
        serviceEntry = Endpoint(provider);
        body = Encoding.UTF8.GetBytes(ServiceEntryReviews.Create());
        request = JsonSerializer.Deserialize(body, AdmissionJsonContext.Default.AdmissionReview)!.Request!;
        podBefore = JsonNode.Parse(PodJson(containers: 1))!;
        podAfter = JsonNode.Parse(PodJson(containers: 2))!;
    }

    [GlobalCleanup]
    public void Cleanup() => provider.Dispose();

    [Benchmark(Baseline = true, Description = "ServiceEntry: decode object + validate")]
    public Task<Platform.Webhooks.Abstractions.Admission.AdmissionResponse> Validate() => serviceEntry.ReviewAsync(request, CancellationToken.None);

    [Benchmark(Description = "ServiceEntry: parse envelope + validate + serialize answer")]
    public async Task<int> FullReview()
    {
        var review = JsonSerializer.Deserialize(body, AdmissionJsonContext.Default.AdmissionReview)!;
        var response = await serviceEntry.ReviewAsync(review.Request!, CancellationToken.None);
        review.Request = null;
        review.Response = response;
        return JsonSerializer.SerializeToUtf8Bytes(review, AdmissionJsonContext.Default.AdmissionReview).Length;
    }

    [Benchmark(Description = "JSON Patch diff of a pod gaining a sidecar")]
    public int PatchDiff() => JsonPatchDiffer.Diff(podBefore, podAfter).Count;

    // The suite registers several webhooks; this benchmark measures the ServiceEntry validator's route.
    private static IAdmissionEndpoint Endpoint(IServiceProvider provider)
    {
        var registration = provider.GetServices<Platform.Webhooks.Registration.WebhookRegistration>().Single(r => r.Path == "/validate/serviceentry");
        return registration.CreateEndpoint(provider, registration);
    }

    private static string PodJson(int containers)
    {
        var list = new JsonArray();
        for (var i = 0; i < containers; i++)
        {
            list.Add(new JsonObject
            {
                ["name"] = i == 0 ? "app" : "platform-agent",
                ["image"] = i == 0 ? "registry.example.com/app:1.2.3" : "registry.example.com/platform-agent:0.1.0",
                ["ports"] = new JsonArray(new JsonObject { ["containerPort"] = 8080 + i, ["protocol"] = "TCP" }),
                ["env"] = new JsonArray(new JsonObject { ["name"] = "MODE", ["value"] = "prod" }),
                ["resources"] = new JsonObject { ["requests"] = new JsonObject { ["cpu"] = "100m", ["memory"] = "128Mi" } },
            });
        }

        return new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Pod",
            ["metadata"] = new JsonObject { ["name"] = "app-0", ["namespace"] = "payments", ["labels"] = new JsonObject { ["app"] = "payments" } },
            ["spec"] = new JsonObject { ["containers"] = list, ["serviceAccountName"] = "payments" },
        }.ToJsonString();
    }
}
