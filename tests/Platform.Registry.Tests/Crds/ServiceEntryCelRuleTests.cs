using System.Reflection;
using Platform.Crds.Istio;

namespace Platform.Registry.Tests.Crds;

/// <summary>The CRD-level cases of Istio's testdata (serviceentry-valid.yaml / -invalid.yaml), run through our CEL rules.</summary>
public sealed class ServiceEntryCelRuleTests
{
    private static readonly CelRuleEvaluator Cel = new();

    private static PropertyInfo Property<T>(string name) => typeof(T).GetProperty(name)!;

    [Theory]
    [InlineData("""{"hosts":["example.com"],"workloadSelector":{"labels":{"foo":"bar"}},"addresses":["1.2.3.4","001:db8::"],"exportTo":["foo","."],"location":"MESH_EXTERNAL","ports":[{"name":"foo","protocol":"HTTP","number":1234,"targetPort":2345}],"subjectAltNames":["sa"],"resolution":"DNS"}""")]
    [InlineData("""{"hosts":["example.com"],"endpoints":[{"address":"sub.example.com"}],"resolution":"DNS"}""")]
    [InlineData("""{"hosts":["example.com"],"workloadSelector":{}}""")]
    [InlineData("""{"hosts":["example.com"],"addresses":["1.1.1.1/32"]}""")]
    [InlineData("""{"hosts":["example.com"],"resolution":"DNS_ROUND_ROBIN","endpoints":[{"address":"sub1.example.com"}]}""")]
    public void Valid_testdata_passes_the_spec_rules(string spec) =>
        Assert.Empty(Cel.FailingRules(typeof(ServiceEntrySpec), spec));

    // Istio's testdata uses `workloadSelector: {}` for the first row; the Cel package treats an empty map as absent
    // in has(), unlike the API server, so the row carries a label here.
    [Theory]
    [InlineData("""{"hosts":["example.com"],"workloadSelector":{"labels":{"app":"db"}},"endpoints":[{"address":"1.2.3.4"}],"resolution":"STATIC"}""", "only one of WorkloadSelector or Endpoints can be set")]
    [InlineData("""{"hosts":["example.com"],"addresses":["1.2.3.4/16"],"resolution":"DNS"}""", "CIDR addresses are allowed only for NONE/STATIC resolution types")]
    [InlineData("""{"hosts":["example.com"],"endpoints":[{"address":"1.2.3.4"}],"resolution":"NONE"}""", "NONE mode cannot set endpoints")]
    [InlineData("""{"hosts":["example.com"],"endpoints":[{"address":"1.2.3.4"}]}""", "NONE mode cannot set endpoints")]
    [InlineData("""{"hosts":["example.com"],"resolution":"DNS_ROUND_ROBIN","endpoints":[{"address":"sub1.example.com"},{"address":"sub2.example.com"}]}""", "DNS_ROUND_ROBIN mode cannot have multiple endpoints")]
    public void Invalid_testdata_fails_with_Istios_CRD_message(string spec, string message) =>
        Assert.Equal([message], Cel.FailingRules(typeof(ServiceEntrySpec), spec));

    [Theory]
    [InlineData("""["example.com","*.example.com"]""", false)]
    [InlineData("""["*"]""", true)]
    public void Hosts_may_not_be_a_bare_wildcard(string hosts, bool fails) =>
        Assert.Equal(fails ? ["hostname cannot be wildcard"] : [], Cel.FailingRules(Property<ServiceEntrySpec>(nameof(ServiceEntrySpec.Hosts)), hosts));

    [Theory]
    [InlineData("""[{"name":"a","number":1},{"name":"b","number":2}]""", false)]
    [InlineData("""[{"name":"a","number":1},{"name":"b","number":1}]""", true)]
    public void Port_numbers_may_not_repeat(string ports, bool fails) =>
        Assert.Equal(fails ? ["port number cannot be duplicated"] : [], Cel.FailingRules(Property<ServiceEntrySpec>(nameof(ServiceEntrySpec.Ports)), ports));

    [Theory]
    [InlineData("1", false)]
    [InlineData("65535", false)]
    [InlineData("0", true)]
    [InlineData("99999", true)]
    public void Port_numbers_are_in_range(string number, bool fails)
    {
        Assert.Equal(fails ? ["port must be between 1-65535"] : [], Cel.FailingRules(Property<ServicePort>(nameof(ServicePort.Number)), number));
        Assert.Equal(fails ? ["port must be between 1-65535"] : [], Cel.FailingRules(Property<ServicePort>(nameof(ServicePort.TargetPort)), number));
    }

    [Theory]
    [InlineData("\"1.2.3.4\"", new string[0])]
    [InlineData("\"unix:///var/run/sock\"", new string[0])]
    [InlineData("\"unix://@abstract\"", new string[0])]
    [InlineData("\"unix://relative/sock\"", new[] { "UDS must be an absolute path or abstract socket" })]
    [InlineData("\"unix:///var/run/\"", new[] { "UDS may not be a dir" })]
    public void Unix_socket_addresses_are_absolute_files(string address, string[] failures) =>
        Assert.Equal(failures, Cel.FailingRules(Property<WorkloadEntrySpec>(nameof(WorkloadEntrySpec.Address)), address));

    [Theory]
    [InlineData("""{"address":"1.2.3.4","ports":{"http":80}}""", new string[0])]
    [InlineData("""{"network":"n2"}""", new string[0])]
    [InlineData("""{"labels":{"a":"b"}}""", new[] { "Address is required" })]
    [InlineData("""{"address":"unix:///sock","ports":{"http":80}}""", new[] { "UDS may not include ports" })]
    public void Endpoints_need_an_address_and_no_ports_on_sockets(string endpoint, string[] failures) =>
        Assert.Equal(failures, Cel.FailingRules(typeof(WorkloadEntrySpec), endpoint));

    [Theory]
    [InlineData("""{"http":80,"grpc-web":8080}""", new string[0])]
    [InlineData("""{"bad_name":80}""", new[] { "port name must be valid" })]
    [InlineData("""{"http":0}""", new[] { "port must be between 1-65535" })]
    public void Endpoint_ports_are_named_and_in_range(string ports, string[] failures) =>
        Assert.Equal(failures, Cel.FailingRules(Property<WorkloadEntrySpec>(nameof(WorkloadEntrySpec.Ports)), ports));

    [Theory]
    [InlineData("""{"app":"web"}""", new string[0])]
    [InlineData("""{"val":"*"}""", new[] { "wildcard is not supported in selector" })]
    public void Selector_values_may_not_be_wildcards(string labels, string[] failures) =>
        Assert.Equal(failures, Cel.FailingRules(Property<WorkloadSelector>(nameof(WorkloadSelector.Labels)), labels));

    [Fact]
    public void Addresses_are_at_most_64_characters()
    {
        var addresses = Property<ServiceEntrySpec>(nameof(ServiceEntrySpec.Addresses));

        Assert.Empty(Cel.FailingRules(addresses, """["10.0.0.1"]"""));
        Assert.Single(Cel.FailingRules(addresses, $"[\"{new string('1', 65)}\"]"));
    }
}
