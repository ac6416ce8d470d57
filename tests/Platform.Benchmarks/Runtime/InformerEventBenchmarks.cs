using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;
using Platform.Operator.Abstractions.Builder;
using Platform.Operator.Runtime.Client;
using Platform.Operator.Runtime.Diagnostics;
using Platform.Operator.Runtime.Informers;

namespace Platform.Benchmarks.Runtime;

/// <summary>
/// Informer event processing: a recorded watch stream of Service events (20k lines: adds, modifies, deletes and
/// bookmarks) parsed, deserialized and applied to the indexed store with one subscriber, no network.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(SlowBuildConfig))]
public class InformerEventBenchmarks
{
    private const int Lines = 20_000;
    private readonly List<string> _stream = [];
    private ApiTransport _transport = null!;

    [GlobalSetup]
    public void Setup()
    {
        // Never contacted: events are fed straight into the informer.
        _transport = new ApiTransport(new Kubernetes(new KubernetesClientConfiguration { Host = "http://127.0.0.1:1" }), new OperatorSettings());
        var rv = 1000;
        for (var i = 0; _stream.Count < Lines; i++)
        {
            var name = $"svc-{i % 5000}";
            var type = i < 5000 ? "ADDED" : (i % 10 == 9 ? "DELETED" : "MODIFIED");
            if (i % 100 == 99)
            {
                _stream.Add(new JsonObject { ["type"] = "BOOKMARK", ["object"] = new JsonObject { ["metadata"] = new JsonObject { ["resourceVersion"] = $"{++rv}" } } }.ToJsonString());
                continue;
            }

            var service = new V1Service
            {
                ApiVersion = "v1",
                Kind = "Service",
                Metadata = new V1ObjectMeta
                {
                    Name = name,
                    NamespaceProperty = $"team-{i % 20}",
                    ResourceVersion = $"{++rv}",
                    Generation = i,
                    Labels = new Dictionary<string, string> { ["app"] = name, ["tier"] = "web" },
                    Annotations = new Dictionary<string, string> { ["metallb.io/address-pool"] = "default" },
                },
                Spec = new V1ServiceSpec
                {
                    Type = "LoadBalancer",
                    Ports = [new V1ServicePort { Name = "http", Port = 80, Protocol = "TCP" }],
                    Selector = new Dictionary<string, string> { ["app"] = name },
                },
                Status = new V1ServiceStatus { LoadBalancer = new V1LoadBalancerStatus { Ingress = [new V1LoadBalancerIngress { Ip = $"192.0.2.{i % 250}" }] } },
            };
            _stream.Add(new JsonObject { ["type"] = type, ["object"] = JsonNode.Parse(KubernetesJson.Serialize(service)) }.ToJsonString());
        }
    }

    [Benchmark(OperationsPerInvoke = Lines)]
    public int ApplyRecordedWatchStream()
    {
        var settings = new OperatorSettings();
        var informer = new ResourceInformer<V1Service>(_transport, settings, new RuntimeMetrics(), NullLogger.Instance, TimeProvider.System);
        var seen = 0;
        using var subscription = informer.Subscribe(_ => seen++);
        foreach (var line in _stream)
        {
            informer.ApplyWatchLine(line);
        }

        return seen + informer.Store.Count;
    }
}
