using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;
using Platform.Crds.Istio;

namespace Platform.Registry.Tests.Crds;

public sealed class ServiceEntryJsonTests
{
    private const string UpstreamExample = """
        {
          "apiVersion": "networking.istio.io/v1beta1",
          "kind": "ServiceEntry",
          "metadata": {"name": "external-svc-mongocluster", "namespace": "default", "generation": 3},
          "spec": {
            "hosts": ["mymongodb.somedomain"],
            "addresses": ["192.192.192.192/24"],
            "ports": [{"number": 27018, "name": "mongodb", "protocol": "MONGO", "targetPort": 27019}],
            "location": "MESH_INTERNAL",
            "resolution": "STATIC",
            "endpoints": [
              {"address": "2.2.2.2", "ports": {"mongodb": 7777}, "labels": {"app": "db"}, "network": "n1",
               "locality": "us/east/a", "weight": 10, "serviceAccount": "mongo"}
            ],
            "exportTo": ["."],
            "subjectAltNames": ["spiffe://cluster.local/ns/default/sa/mongo"]
          },
          "status": {
            "observedGeneration": "3",
            "conditions": [{"type": "Reconciled", "status": "True", "observedGeneration": "3",
                            "lastTransitionTime": "2026-01-02T03:04:05Z"}],
            "validationMessages": [{"type": {"name": "ServiceEntryAddressesRequired", "code": "IST0134"}, "level": "WARNING"}],
            "addresses": [{"value": "240.240.0.1", "host": "mymongodb.somedomain"}]
          }
        }
        """;

    [Fact]
    public void Reads_every_upstream_field_including_Istios_string_encoded_int64()
    {
        var entry = KubernetesJson.Deserialize<V1Beta1ServiceEntry>(UpstreamExample);

        Assert.Equal(["mymongodb.somedomain"], entry.Spec.Hosts);
        var port = Assert.Single(entry.Spec.Ports!);
        Assert.Equal((27018u, "mongodb", "MONGO", (uint?)27019u), (port.Number, port.Name, port.Protocol, port.TargetPort));
        Assert.Equal(ServiceEntryLocation.MeshInternal, entry.Spec.Location);
        Assert.Equal(ServiceEntryResolution.Static, entry.Spec.Resolution);
        var endpoint = Assert.Single(entry.Spec.Endpoints!);
        Assert.Equal(7777u, endpoint.Ports!["mongodb"]);
        Assert.Equal(("n1", "us/east/a", (uint?)10u, "mongo"), (endpoint.Network, endpoint.Locality, endpoint.Weight, endpoint.ServiceAccount));
        Assert.Equal("3", entry.Status.ObservedGeneration!.Value);
        Assert.Equal("3", Assert.Single(entry.Status.Conditions!).ObservedGeneration!.Value);
        Assert.Equal("IST0134", Assert.Single(entry.Status.ValidationMessages!).Type!.Code);
        Assert.Equal("240.240.0.1", Assert.Single(entry.Status.Addresses!).Value);
    }

    [Fact]
    public void Round_trip_keeps_field_names_and_omits_unset_fields()
    {
        var entry = KubernetesJson.Deserialize<V1Beta1ServiceEntry>(UpstreamExample);

        var json = JsonNode.Parse(KubernetesJson.Serialize(entry))!;

        var spec = json["spec"]!.AsObject();
        Assert.Equal(
            ["hosts", "addresses", "ports", "location", "resolution", "endpoints", "exportTo", "subjectAltNames"],
            spec.Select(p => p.Key));
        Assert.Equal(7777, (int)json["spec"]!["endpoints"]![0]!["ports"]!["mongodb"]!);

        var minimal = JsonNode.Parse(KubernetesJson.Serialize(new V1ServiceEntry { Spec = new ServiceEntrySpec { Hosts = ["a.example.com"] } }))!;
        Assert.Equal(["hosts"], minimal["spec"]!.AsObject().Select(p => p.Key));
        Assert.Equal("networking.istio.io/v1", (string)minimal["apiVersion"]!);
    }

    [Fact]
    public void Absent_and_empty_endpoints_stay_distinguishable()
    {
        var absent = KubernetesJson.Deserialize<V1ServiceEntry>("""{"spec":{"hosts":["a.b"]}}""");
        var empty = KubernetesJson.Deserialize<V1ServiceEntry>("""{"spec":{"hosts":["a.b"],"endpoints":[]}}""");

        Assert.Null(absent.Spec.Endpoints);
        Assert.NotNull(empty.Spec.Endpoints);
        Assert.Empty(empty.Spec.Endpoints);
    }

    [Fact]
    public void Observed_generation_we_write_is_a_JSON_number()
    {
        var entry = new V1ServiceEntry { Spec = new ServiceEntrySpec { Hosts = ["a.example.com"] } };
        entry.Status.ObservedGeneration = 7L;

        var json = JsonNode.Parse(KubernetesJson.Serialize(entry))!;

        Assert.Equal(JsonValueKind.Number, json["status"]!["observedGeneration"]!.GetValueKind());
        Assert.Equal(7, (long)json["status"]!["observedGeneration"]!);
    }
}
