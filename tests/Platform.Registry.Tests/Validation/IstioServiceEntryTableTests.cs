using Platform.Crds.Istio;
using Platform.Registry.Validation;
using static Platform.Registry.Tests.Validation.ServiceEntryFixtures;

namespace Platform.Registry.Tests.Validation;

/// <summary>
/// Istio's own ServiceEntry validation table (TestValidateServiceEntries in pkg/config/validation), reconstructed
/// case by case, plus the webhook-side rows of its CRD testdata. Each row asserts the outcome class and the
/// substance of the message.
/// </summary>
public sealed class IstioServiceEntryTableTests
{
    private static readonly Dictionary<string, IstioTableCase> Cases = new()
    {
        ["discovery type DNS"] = new(
            Entry(["*.google.com"], TwoHttpPorts(), ServiceEntryResolution.Dns,
                [Endpoint("lon.google.com", EndpointPorts("http-valid1", 8080)), Endpoint("in.google.com", EndpointPorts("http-valid2", 9080))]),
            ExpectedOutcome.Valid),
        ["discovery type DNS Round Robin, one endpoint"] = new(
            Entry(["*.istio.io"], TwoHttpPorts(), ServiceEntryResolution.DnsRoundRobin,
                [Endpoint("api-v1.istio.io", EndpointPorts("http-valid1", 8080))]),
            ExpectedOutcome.Valid),
        ["discovery type DNS Round Robin, two endpoints"] = new(
            Entry(["*.istio.io"], TwoHttpPorts(), ServiceEntryResolution.DnsRoundRobin,
                [Endpoint("api-v1.istio.io", EndpointPorts("http-valid1", 8080)), Endpoint("api-v2.istio.io", EndpointPorts("http-valid2", 9080))]),
            ExpectedOutcome.Invalid, "there must only be 0 or 1 endpoint for resolution mode DNS_ROUND_ROBIN"),
        ["discovery type DNS, label tlsMode: istio"] = new(
            Entry(["*.google.com"], TwoHttpPorts(), ServiceEntryResolution.Dns,
            [
                Endpoint("lon.google.com", EndpointPorts("http-valid1", 8080), new() { ["security.istio.io/tlsMode"] = "istio" }),
                Endpoint("in.google.com", EndpointPorts("http-valid2", 9080), new() { ["security.istio.io/tlsMode"] = "istio" }),
            ]),
            ExpectedOutcome.Valid),
        ["discovery type DNS, one host set with IP address and https port"] = new(
            Entry(["httpbin.org"], [.. TwoHttpPorts(), Port(443, "https", "https")], ServiceEntryResolution.Dns, addresses: ["10.10.10.10"]),
            ExpectedOutcome.Valid),
        ["discovery type DNS, multi hosts set with IP address and https port"] = new(
            Entry(["httpbin.org", "wikipedia.org"], [.. TwoHttpPorts(), Port(443, "https", "https")], ServiceEntryResolution.Dns, addresses: ["10.10.10.10"]),
            ExpectedOutcome.ValidWithWarning, "service entry can not have more than one host specified simultaneously with address and tcp port"),
        ["discovery type DNS, IP address set"] = new(
            Entry(["*.google.com"], TwoHttpPorts(), ServiceEntryResolution.Dns,
                [Endpoint("lon.google.com", EndpointPorts("http-valid1", 8080)), Endpoint("in.google.com", EndpointPorts("http-valid2", 9080))],
                addresses: ["10.10.10.10"]),
            ExpectedOutcome.Valid),
        ["discovery type DNS, IP in endpoints"] = new(
            Entry(["*.google.com"], TwoHttpPorts(), ServiceEntryResolution.Dns,
                [Endpoint("1.1.1.1", EndpointPorts("http-valid1", 8080)), Endpoint("in.google.com", EndpointPorts("http-valid2", 9080))]),
            ExpectedOutcome.Valid),
        ["empty hosts"] = new(
            Entry([], [Port(80, "http", "http-valid1")], ServiceEntryResolution.Dns, [Endpoint("in.google.com", EndpointPorts("http-valid2", 9080))]),
            ExpectedOutcome.Invalid, "service entry must have at least one host"),
        ["bad hosts"] = new(
            Entry(["-"], [Port(80, "http", "http-valid1")], ServiceEntryResolution.Dns, [Endpoint("in.google.com", EndpointPorts("http-valid2", 9080))]),
            ExpectedOutcome.Invalid, "domain name \"-\" invalid (label \"-\" invalid)"),
        ["full wildcard host"] = new(
            Entry(["foo.com", "*"], [Port(80, "http", "http-valid1")], ServiceEntryResolution.Dns, [Endpoint("in.google.com", EndpointPorts("http-valid2", 9080))]),
            ExpectedOutcome.Invalid, "invalid host *"),
        ["short name host"] = new(
            Entry(["foo", "bar.com"], [Port(80, "http", "http-valid1")], ServiceEntryResolution.Dns, [Endpoint("in.google.com", EndpointPorts("http-valid1", 9080))]),
            ExpectedOutcome.Valid),
        ["undefined endpoint port"] = new(
            Entry(["google.com"], [Port(80, "http", "http-valid1"), Port(80, "http", "http-valid2")], ServiceEntryResolution.Dns,
                [Endpoint("lon.google.com", EndpointPorts("http-valid1", 8080)), Endpoint("in.google.com", EndpointPorts("http-dne", 9080))]),
            ExpectedOutcome.Invalid, "endpoint port 9080 is not defined by the service entry"),
        ["discovery type DNS, non-FQDN endpoint"] = new(
            Entry(["*.google.com"], TwoHttpPorts(), ServiceEntryResolution.Dns,
                [Endpoint("*.lon.google.com", EndpointPorts("http-valid1", 8080)), Endpoint("in.google.com", EndpointPorts("http-dne", 9080))]),
            ExpectedOutcome.Invalid, "endpoint address \"*.lon.google.com\" is not a valid FQDN or an IP address"),
        ["discovery type DNS, non-FQDN host"] = new(
            Entry(["*.google.com"], TwoHttpPorts(), ServiceEntryResolution.Dns),
            ExpectedOutcome.Invalid, "hosts must be FQDN or contain only prefix wildcards if no endpoints are provided for resolution mode DNS"),
        ["discovery type DNS, no endpoints"] = new(
            Entry(["google.com"], TwoHttpPorts(), ServiceEntryResolution.Dns),
            ExpectedOutcome.Valid),
        ["discovery type DNS, unix endpoint"] = new(
            Entry(["*.google.com"], [Port(80, "http", "http-valid1")], ServiceEntryResolution.Dns, [Endpoint("unix:///lon/google/com")]),
            ExpectedOutcome.Invalid, "endpoint address \"unix:///lon/google/com\" is not a valid FQDN or an IP address"),
        ["discovery type none"] = new(
            Entry(["google.com"], TwoHttpPorts(), ServiceEntryResolution.None),
            ExpectedOutcome.Valid),
        ["discovery type none, endpoints provided"] = new(
            Entry(["google.com"], TwoHttpPorts(), ServiceEntryResolution.None, [Endpoint("lon.google.com", EndpointPorts("http-valid1", 8080))]),
            ExpectedOutcome.Invalid, "no endpoints should be provided for resolution type none"),
        ["discovery type none, cidr addresses"] = new(
            Entry(["google.com"], TwoHttpPorts(), ServiceEntryResolution.None, addresses: ["172.1.2.16/16"]),
            ExpectedOutcome.Valid),
        ["discovery type static, cidr addresses with endpoints"] = new(
            Entry(["google.com"], TwoHttpPorts(), ServiceEntryResolution.Static,
                [Endpoint("1.1.1.1", EndpointPorts("http-valid1", 8080)), Endpoint("2.2.2.2", EndpointPorts("http-valid2", 9080))],
                addresses: ["172.1.2.16/16"]),
            ExpectedOutcome.Valid),
        ["discovery type static"] = new(
            Entry(["google.com"], TwoHttpPorts(), ServiceEntryResolution.Static,
                [Endpoint("1.1.1.1", EndpointPorts("http-valid1", 8080)), Endpoint("2.2.2.2", EndpointPorts("http-valid2", 9080))],
                addresses: ["172.1.2.16"]),
            ExpectedOutcome.Valid),
        ["discovery type static, FQDN in endpoints"] = new(
            Entry(["google.com"], TwoHttpPorts(), ServiceEntryResolution.Static,
                [Endpoint("google.com", EndpointPorts("http-valid1", 8080)), Endpoint("2.2.2.2", EndpointPorts("http-valid2", 9080))],
                addresses: ["172.1.2.16"]),
            ExpectedOutcome.Invalid, "endpoint address \"google.com\" is not a valid IP address"),
        ["discovery type static, missing endpoints"] = new(
            Entry(["google.com"], TwoHttpPorts(), ServiceEntryResolution.Static, addresses: ["172.1.2.16"]),
            ExpectedOutcome.Valid),
        ["discovery type static, bad endpoint port name"] = new(
            Entry(["google.com"], TwoHttpPorts(), ServiceEntryResolution.Static,
                [Endpoint("1.1.1.1", EndpointPorts("http-valid1", 8080)), Endpoint("2.2.2.2", EndpointPorts("http-dne", 9080))],
                addresses: ["172.1.2.16"]),
            ExpectedOutcome.Invalid, "endpoint port 9080 is not defined by the service entry"),
        ["discovery type none, conflicting port names"] = new(
            Entry(["google.com"], [Port(80, "http", "http-conflict"), Port(8080, "http", "http-conflict")], ServiceEntryResolution.None),
            ExpectedOutcome.Invalid, "service entry port name \"http-conflict\" already defined"),
        ["discovery type none, conflicting port numbers"] = new(
            Entry(["google.com"], [Port(80, "http", "http-conflict1"), Port(80, "http", "http-conflict2")], ServiceEntryResolution.None),
            ExpectedOutcome.Invalid, "service entry port 80 already defined"),
        ["unix socket"] = new(
            Entry(["uds.cluster.local"], [Port(6553, "grpc", "grpc-service1")], ServiceEntryResolution.Static, [Endpoint("unix:///path/to/socket")]),
            ExpectedOutcome.Valid),
        ["unix socket, relative path"] = new(
            Entry(["uds.cluster.local"], [Port(6553, "grpc", "grpc-service1")], ServiceEntryResolution.Static, [Endpoint("unix://./relative/path.sock")]),
            ExpectedOutcome.Invalid, "./relative/path.sock is not an absolute path to a file"),
        ["unix socket, endpoint ports"] = new(
            Entry(["uds.cluster.local"], [Port(6553, "grpc", "grpc-service1")], ServiceEntryResolution.Static,
                [Endpoint("unix:///path/to/socket", EndpointPorts("grpc-service1", 6553))]),
            ExpectedOutcome.Invalid, "unix endpoint unix:///path/to/socket must not include ports"),
        ["unix socket, multiple service ports"] = new(
            Entry(["uds.cluster.local"], [Port(6553, "grpc", "grpc-service1"), Port(80, "http", "http-service2")], ServiceEntryResolution.Static,
                [Endpoint("unix:///path/to/socket")]),
            ExpectedOutcome.Invalid, "exactly 1 service port required for unix endpoints"),
        ["empty protocol"] = new(
            Entry(["google.com"], [Port(80, "http", "http-valid1"), Port(8080, null, "http-valid2")], ServiceEntryResolution.None, addresses: ["172.1.2.16/16"]),
            ExpectedOutcome.Valid),
        ["selector"] = new(
            Entry(["google.com"], [Port(80, "http", "http-valid1")], selector: new() { ["foo"] = "bar" }),
            ExpectedOutcome.ValidWithWarning, "workloadSelector should not be set when resolution mode is NONE"),
        ["selector and endpoints"] = new(
            Entry(["google.com"], [Port(80, "http", "http-valid1")], endpoints: [Endpoint("1.1.1.1")], selector: new() { ["foo"] = "bar" }),
            ExpectedOutcome.Invalid, "only one of WorkloadSelector or Endpoints is allowed"),
        ["bad selector key"] = new(
            Entry(["google.com"], [Port(80, "http", "http-valid1")], selector: new() { [""] = "bar" }),
            ExpectedOutcome.Invalid, "empty key is not supported in selector: \"=bar\""),
        ["repeat target port"] = new(
            Entry(["google.com"], [Port(80, "http", "http-valid1", 80), Port(81, "http", "http-valid2", 80)], ServiceEntryResolution.Static, selector: new() { ["key"] = "bar" }),
            ExpectedOutcome.Valid),
        ["valid target port"] = new(
            Entry(["google.com"], [Port(80, "http", "http-valid1", 81)], ServiceEntryResolution.Static, selector: new() { ["key"] = "bar" }),
            ExpectedOutcome.Valid),
        ["invalid target port"] = new(
            Entry(["google.com"], [Port(80, "http", "http-valid1", 65536)], ServiceEntryResolution.Static, selector: new() { ["key"] = "bar" }),
            ExpectedOutcome.Invalid, "port number 65536 must be in the range 1..65535"),
        ["partial wildcard host"] = new(
            Entry(["*washingtonpost.com"], [Port(443, "tls", "tls")], ServiceEntryResolution.None),
            ExpectedOutcome.ValidWithWarning, "partial wildcard \"*washingtonpost.com\" not allowed"),
        ["wildcard selector value"] = new(
            Entry(["google.com"], [Port(80, "http", "http-valid1")], ServiceEntryResolution.Static, selector: new() { ["app"] = "*" }),
            ExpectedOutcome.Invalid, "wildcard is not supported in selector: \"app=*\""),
        ["selector without labels"] = new(
            Entry(["google.com"], [Port(80, "http", "http-valid1")], ServiceEntryResolution.Static, emptySelector: true),
            ExpectedOutcome.ValidWithWarning, "service entry: workload selector specified without labels, will be applied to all services in namespace"),
        ["bad address"] = new(
            Entry(["google.com"], [Port(80, "http", "http-valid1")], ServiceEntryResolution.None, addresses: ["1.1.1.1.1"]),
            ExpectedOutcome.Invalid, "1.1.1.1.1 is not a valid IP"),
        ["bad cidr"] = new(
            Entry(["google.com"], [Port(80, "http", "http-valid1")], ServiceEntryResolution.None, addresses: ["1.2.3.4/99"]),
            ExpectedOutcome.Invalid, "1.2.3.4/99 is not a valid CIDR block"),
        ["cidr with DNS resolution"] = new(
            Entry(["google.com"], [Port(80, "http", "http-valid1")], ServiceEntryResolution.Dns, addresses: ["1.2.3.4/16"]),
            ExpectedOutcome.Invalid, "CIDR addresses are allowed only for NONE/STATIC resolution types"),
        ["bad port name"] = new(
            Entry(["google.com"], [Port(80, "http", "http_valid")], ServiceEntryResolution.None),
            ExpectedOutcome.Invalid, "invalid port name: http_valid"),
        ["bad protocol"] = new(
            Entry(["google.com"], [Port(80, "http3", "http")], ServiceEntryResolution.None),
            ExpectedOutcome.Invalid, "unsupported protocol: http3"),
        ["port number zero"] = new(
            Entry(["google.com"], [Port(0, "http", "http")], ServiceEntryResolution.None),
            ExpectedOutcome.Invalid, "port number 0 must be in the range 1..65535"),
        ["multiple hosts with TCP port"] = new(
            Entry(["a.example.com", "b.example.com"], [Port(5432, "TCP", "tcp")], ServiceEntryResolution.Dns),
            ExpectedOutcome.Invalid, "multiple hosts provided with non-HTTP, non-TLS ports"),
        ["multiple hosts with unset protocol"] = new(
            Entry(["a.example.com", "b.example.com"], [Port(8080, null, "web")], ServiceEntryResolution.Dns),
            ExpectedOutcome.Invalid, "multiple hosts provided with non-HTTP, non-TLS ports"),
        ["multiple hosts with TCP port and resolution none"] = new(
            Entry(["a.example.com", "b.example.com"], [Port(5432, "TCP", "tcp")], ServiceEntryResolution.None, addresses: ["10.0.0.1"]),
            ExpectedOutcome.Valid),
        ["static endpoint without address"] = new(
            Entry(["google.com"], [Port(80, "http", "http")], ServiceEntryResolution.Static, [Endpoint(null)]),
            ExpectedOutcome.Invalid, "address is required"),
        ["static endpoint reached through a network gateway"] = new(
            Entry(["google.com"], [Port(80, "http", "http")], ServiceEntryResolution.Static, [Endpoint(null, network: "network-2")]),
            ExpectedOutcome.ValidWithWarning, "address is unset with network \"network-2\""),
        ["static endpoint with bad label"] = new(
            Entry(["google.com"], [Port(80, "http", "http")], ServiceEntryResolution.Static, [Endpoint("1.1.1.1", labels: new() { ["app"] = "-bad" })]),
            ExpectedOutcome.Invalid, "invalid tag value: \"-bad\""),
        ["abstract unix socket"] = new(
            Entry(["uds.cluster.local"], [Port(6553, "grpc", "grpc")], ServiceEntryResolution.Static, [Endpoint("unix://@abstract")]),
            ExpectedOutcome.Valid),
        ["unix socket directory"] = new(
            Entry(["uds.cluster.local"], [Port(6553, "grpc", "grpc")], ServiceEntryResolution.Static, [Endpoint("unix:///var/run/")]),
            ExpectedOutcome.Invalid, "/var/run/ is not an absolute path to a file"),
        ["exportTo dot and own namespace"] = new(
            Entry(["google.com"], [Port(80, "http", "http")], ServiceEntryResolution.Static, exportTo: ["default", "."]),
            ExpectedOutcome.Invalid, "duplicate entries in exportTo: . and current namespace default"),
        ["exportTo none and public"] = new(
            Entry(["google.com"], [Port(80, "http", "http")], ServiceEntryResolution.Static, exportTo: ["~", "*"]),
            ExpectedOutcome.Invalid, "cannot export service entry to no one (~) and someone"),
        ["exportTo none alone"] = new(
            Entry(["google.com"], [Port(80, "http", "http")], ServiceEntryResolution.Static, exportTo: ["~"]),
            ExpectedOutcome.Valid),
        ["exportTo bad namespace"] = new(
            Entry(["google.com"], [Port(80, "http", "http")], ServiceEntryResolution.Static, exportTo: ["Bad_NS"]),
            ExpectedOutcome.Invalid, "only .,*, or a valid DNS 1123 label is allowed as exportTo entry"),
        ["dynamic DNS with wildcard host"] = new(
            Entry(["*.example.com"], [Port(443, "TLS", "tls"), Port(80, "HTTP", "http")], ServiceEntryResolution.DynamicDns),
            ExpectedOutcome.Valid),
        ["dynamic DNS with partial wildcard host"] = new(
            Entry(["*example.com"], [Port(80, "HTTP", "http")], ServiceEntryResolution.DynamicDns),
            ExpectedOutcome.Valid),
        ["dynamic DNS with plain host"] = new(
            Entry(["example.com"], [Port(80, "HTTP", "http")], ServiceEntryResolution.DynamicDns),
            ExpectedOutcome.Invalid, "host \"example.com\" must be wildcarded for resolution mode DYNAMIC_DNS"),
        ["dynamic DNS with HTTPS port"] = new(
            Entry(["*.example.com"], [Port(443, "HTTPS", "https")], ServiceEntryResolution.DynamicDns),
            ExpectedOutcome.Invalid, "only HTTP, TLS, GRPC, and HTTP2 protocols are supported for resolution mode DYNAMIC_DNS"),
        ["dynamic DNS with addresses"] = new(
            Entry(["*.example.com"], [Port(80, "HTTP", "http")], ServiceEntryResolution.DynamicDns, addresses: ["10.0.0.1"]),
            ExpectedOutcome.Invalid, "addresses cannot be set for resolution mode DYNAMIC_DNS"),
        ["dynamic DNS with endpoints"] = new(
            Entry(["*.example.com"], [Port(80, "HTTP", "http")], ServiceEntryResolution.DynamicDns, [Endpoint("1.1.1.1")]),
            ExpectedOutcome.Invalid, "endpoints cannot be set for resolution mode DYNAMIC_DNS"),
        ["dynamic DNS mesh-internal behind a waypoint"] = new(
            Entry(["*.example.com"], [Port(80, "HTTP", "http")], ServiceEntryResolution.DynamicDns, location: ServiceEntryLocation.MeshInternal,
                labels: new() { [IstioMetadata.UseWaypointLabel] = "egress-waypoint" }),
            ExpectedOutcome.Invalid, "cannot use a waypoint"),
        ["unknown resolution"] = new(
            Entry(["google.com"], [Port(80, "http", "http")], "ROUND_ROBIN"),
            ExpectedOutcome.Invalid, "unsupported resolution type ROUND_ROBIN"),

        // Rows of Istio's CRD testdata (serviceentry-valid.yaml / -invalid.yaml) that the webhook also decides.
        ["crd testdata: full"] = new(
            Entry(["example.com"], [Port(1234, "HTTP", "foo", 2345)], ServiceEntryResolution.Dns, addresses: ["1.2.3.4", "001:db8::"],
                selector: new() { ["foo"] = "bar" }, exportTo: ["foo", "."], location: ServiceEntryLocation.MeshExternal),
            ExpectedOutcome.Valid),
        ["crd testdata: static-endpoints"] = new(
            Entry(["example.com"], [Port(1234, "HTTP", "foo", 2345)], ServiceEntryResolution.Dns, [Endpoint("sub.example.com")]),
            ExpectedOutcome.Valid),
        ["crd testdata: empty-selector"] = new(
            Entry(["example.com"], emptySelector: true),
            ExpectedOutcome.ValidWithWarning, "workload selector specified without labels"),
        ["crd testdata: partial-wildcard"] = new(
            Entry(["*x"]),
            ExpectedOutcome.ValidWithWarning, "partial wildcard \"*x\" not allowed"),
        ["crd testdata: none-cidr"] = new(
            Entry(["example.com"], addresses: ["1.1.1.1/32"]),
            ExpectedOutcome.Valid),
        ["crd testdata: bad-selector-value"] = new(
            Entry(["example.com"], selector: new() { ["val"] = "*" }),
            ExpectedOutcome.Invalid, "wildcard is not supported in selector"),
        ["crd testdata: selector-and-endpoints"] = new(
            Entry(["example.com"], endpoints: [Endpoint("1.2.3.4")], emptySelector: true),
            ExpectedOutcome.Invalid, "only one of WorkloadSelector or Endpoints is allowed"),
        ["crd testdata: bad-host-wildcard"] = new(
            Entry(["*"]),
            ExpectedOutcome.Invalid, "invalid host *"),
        ["crd testdata: bad-cidr-resolution"] = new(
            Entry(["example.com"], addresses: ["1.2.3.4/16"], resolution: ServiceEntryResolution.Dns),
            ExpectedOutcome.Invalid, "CIDR addresses are allowed only for NONE/STATIC resolution types"),
        ["crd testdata: duplicate-ports-name"] = new(
            Entry(["example.com"], [Port(1, null, "a"), Port(12, null, "a")]),
            ExpectedOutcome.Invalid, "service entry port name \"a\" already defined"),
        ["crd testdata: duplicate-ports-number"] = new(
            Entry(["example.com"], [Port(1, null, "a"), Port(1, null, "b")]),
            ExpectedOutcome.Invalid, "service entry port 1 already defined"),
        ["crd testdata: bad-port"] = new(
            Entry(["example.com"], [Port(99999, null, "a")]),
            ExpectedOutcome.Invalid, "port number 99999 must be in the range 1..65535"),
        ["crd testdata: bad-port-target"] = new(
            Entry(["example.com"], [Port(1, null, "a", 99999)]),
            ExpectedOutcome.Invalid, "port number 99999 must be in the range 1..65535"),
        ["crd testdata: none-with-endpoints"] = new(
            Entry(["example.com"], endpoints: [Endpoint("1.2.3.4")], resolution: ServiceEntryResolution.None),
            ExpectedOutcome.Invalid, "no endpoints should be provided for resolution type none"),
        ["crd testdata: dns-rr-with-multiple-endpoints"] = new(
            Entry(["example.com"], endpoints: [Endpoint("sub1.example.com"), Endpoint("sub2.example.com")], resolution: ServiceEntryResolution.DnsRoundRobin),
            ExpectedOutcome.Invalid, "there must only be 0 or 1 endpoint"),
    };

    private readonly ServiceEntryValidator validator = new();

    public static TheoryData<string> CaseNames => [.. Cases.Keys];

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Row_has_Istios_outcome_and_message(string name)
    {
        var row = Cases[name];

        var result = validator.Evaluate(row.Entry);

        switch (row.Outcome)
        {
            case ExpectedOutcome.Valid:
                Assert.Empty(result.Errors);
                Assert.Empty(result.Warnings);
                break;
            case ExpectedOutcome.ValidWithWarning:
                Assert.Empty(result.Errors);
                Assert.Contains(result.Warnings, warning => warning.Contains(row.Message!, StringComparison.Ordinal));
                break;
            case ExpectedOutcome.Invalid:
                Assert.False(result.IsValid);
                Assert.Contains(result.Errors, error => error.Contains(row.Message!, StringComparison.Ordinal));
                break;
        }
    }

    [Fact]
    public void Every_row_of_the_table_is_exercised_across_all_three_served_versions()
    {
        foreach (var (name, row) in Cases)
        {
            var json = k8s.KubernetesJson.Serialize(row.Entry);
            ServiceEntry[] versions =
            [
                k8s.KubernetesJson.Deserialize<V1ServiceEntry>(json),
                k8s.KubernetesJson.Deserialize<V1Beta1ServiceEntry>(json),
                k8s.KubernetesJson.Deserialize<V1Alpha3ServiceEntry>(json),
            ];
            var expected = validator.Evaluate(row.Entry);
            foreach (var version in versions)
            {
                var actual = validator.Evaluate(version);
                Assert.True(expected.Errors.SequenceEqual(actual.Errors), $"{name}: errors differ after a JSON round trip");
                Assert.True(expected.Warnings.SequenceEqual(actual.Warnings), $"{name}: warnings differ after a JSON round trip");
            }
        }
    }
}
