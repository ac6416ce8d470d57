using FluentValidation;
using Platform.Crds.Istio;
using Platform.Registry.Validation;
using static Platform.Registry.Tests.Validation.ServiceEntryFixtures;

namespace Platform.Registry.Tests.Validation;

public sealed class ServiceEntryValidatorTests
{
    private const string TcpWarning = "addresses are required for ports serving TCP (or unset) protocol when IP Autoallocation is not enabled";

    private readonly ServiceEntryValidator validator = new();

    [Fact]
    public void Tcp_port_without_addresses_warns_only_when_no_VIP_will_be_allocated()
    {
        var dns = Entry(["db.example.com"], [Port(5432, "TCP", "pg")], ServiceEntryResolution.Dns);
        var none = Entry(["db.example.com"], [Port(5432, "TCP", "pg")], ServiceEntryResolution.None);

        Assert.Empty(validator.Evaluate(dns).Warnings);
        Assert.Equal([TcpWarning], validator.Evaluate(none).Warnings);
    }

    [Fact]
    public void Turning_auto_allocation_off_makes_TCP_without_addresses_warn()
    {
        var withoutAllocation = new ServiceEntryValidator(new ServiceEntryValidationOptions { IpAutoAllocation = false });
        var entry = Entry(["db.example.com"], [Port(5432, "TCP", "pg"), Port(6379, null, "redis")], ServiceEntryResolution.Dns);

        var result = withoutAllocation.Evaluate(entry);

        Assert.True(result.IsValid);
        Assert.Equal([TcpWarning, TcpWarning], result.Warnings);
    }

    [Theory]
    [InlineData("false")]
    [InlineData("False")]
    [InlineData("FALSE")]
    public void Opt_out_label_disables_auto_allocation_case_insensitively(string value)
    {
        var entry = Entry(["db.example.com"], [Port(5432, "TCP", "pg")], ServiceEntryResolution.Dns,
            labels: new() { [IstioMetadata.EnableAutoAllocateIpLabel] = value });

        Assert.Equal([TcpWarning], validator.Evaluate(entry).Warnings);
    }

    [Fact]
    public void Opt_out_label_with_any_other_value_keeps_auto_allocation()
    {
        var entry = Entry(["db.example.com"], [Port(5432, "TCP", "pg")], ServiceEntryResolution.Dns,
            labels: new() { [IstioMetadata.EnableAutoAllocateIpLabel] = "no" });

        Assert.Empty(validator.Evaluate(entry).Warnings);
    }

    [Fact]
    public void Tcp_warning_compares_the_protocol_case_sensitively_like_Istio()
    {
        var lower = Entry(["db.example.com"], [Port(5432, "tcp", "pg")], ServiceEntryResolution.None);

        Assert.Empty(validator.Evaluate(lower).Warnings);
    }

    [Fact]
    public void Target_port_on_NONE_warns_only_without_passthrough_target_ports()
    {
        var entry = Entry(["example.com"], [Port(80, "HTTP", "http", 8080)], ServiceEntryResolution.None);
        var legacy = new ServiceEntryValidator(new ServiceEntryValidationOptions { PassthroughTargetPort = false });

        Assert.Empty(validator.Evaluate(entry).Warnings);
        Assert.Equal(["targetPort has no effect when resolution mode is NONE"], legacy.Evaluate(entry).Warnings);
    }

    [Fact]
    public void Malformed_selector_reports_only_selector_errors()
    {
        // Istio returns at once on a bad selector: the bad host and port below are not reported.
        var entry = Entry(["bad_host"], [Port(0, "nope", "Bad_Name")], selector: new() { ["*"] = "x", ["app"] = "*" });

        var result = validator.Evaluate(entry);

        Assert.Equal(["wildcard is not supported in selector: \"*=x\"", "wildcard is not supported in selector: \"app=*\""], result.Errors);
        Assert.Empty(result.Warnings);
    }

    [Fact]
    public void Errors_come_in_Istios_rule_order()
    {
        var entry = Entry(
            ["-bad", "ok.example.com"],
            [Port(80, "http", "web"), Port(80, "http", "web")],
            ServiceEntryResolution.Dns,
            addresses: ["not-an-ip"],
            exportTo: ["*", "ns"]);

        var result = validator.Evaluate(entry);

        Assert.Equal(
        [
            "domain name \"-bad\" invalid (label \"-bad\" invalid)",
            "not-an-ip is not a valid IP",
            "service entry port name \"web\" already defined",
            "service entry port 80 already defined",
            "hosts must be FQDN or contain only prefix wildcards if no endpoints are provided for resolution mode DNS, domain name \"-bad\" invalid (label \"-bad\" invalid)",
            "cannot have both public (*) and non-public exportTo values for a resource",
        ], result.Errors);
    }

    [Fact]
    public void Explicit_empty_endpoints_count_as_set_next_to_a_selector()
    {
        var entry = Entry(["example.com"], [Port(80, "http", "http")], ServiceEntryResolution.Static, endpoints: [], selector: new() { ["app"] = "x" });

        Assert.Contains("only one of WorkloadSelector or Endpoints is allowed in Service Entry", validator.Evaluate(entry).Errors);
    }

    [Fact]
    public void Namespace_passed_by_the_caller_keys_the_dot_in_exportTo()
    {
        var entry = Entry(["example.com"], [Port(80, "http", "http")], ServiceEntryResolution.Static, exportTo: [".", "team-a"], @namespace: null);

        var inTeamA = validator.Evaluate(entry, "team-a");
        var inTeamB = validator.Evaluate(entry, "team-b");

        Assert.Equal(["duplicate entries in exportTo for entry team-a"], inTeamA.Errors);
        Assert.True(inTeamB.IsValid);
    }

    [Fact]
    public void Missing_spec_is_an_error_not_a_crash()
    {
        var entry = new V1ServiceEntry { Spec = null! };

        var result = validator.Evaluate(entry);

        Assert.Equal(["spec is required"], result.Errors);
    }

    [Fact]
    public void Null_items_from_JSON_are_reported_not_thrown()
    {
        const string json = """
            {"apiVersion":"networking.istio.io/v1","kind":"ServiceEntry","metadata":{"name":"n","namespace":"default"},
             "spec":{"hosts":["a.example.com","b.example.com"],"resolution":"DNS","addresses":["10.0.0.1"],
                     "ports":[null,{"number":443,"name":"tls","protocol":"TLS"}],"endpoints":[null]}}
            """;
        var entry = k8s.KubernetesJson.Deserialize<V1ServiceEntry>(json);

        var result = validator.Evaluate(entry);

        Assert.Contains("service entry port may not be null", result.Errors);
        Assert.Contains("endpoint cannot be nil", result.Errors);
        Assert.Contains("ports cannot be nil", result.Errors);
    }

    [Fact]
    public void Warnings_and_errors_carry_FluentValidation_severities_and_field_paths()
    {
        var entry = Entry(["*x.example.com"], [Port(80, "http", "Bad_Name")], ServiceEntryResolution.None);

        var result = validator.Validate(entry);

        var warning = Assert.Single(result.Errors, failure => failure.Severity == Severity.Warning);
        Assert.Equal("spec.hosts[0]", warning.PropertyName);
        var error = Assert.Single(result.Errors, failure => failure.Severity == Severity.Error);
        Assert.Equal("spec.ports[0].name", error.PropertyName);
        Assert.Equal("invalid port name: Bad_Name", error.ErrorMessage);
    }

    [Fact]
    public void Uppercase_port_names_are_DNS_1123_labels_for_Istio()
    {
        var entry = Entry(["example.com"], [Port(80, "HTTP", "HTTP-Web")], ServiceEntryResolution.Static);

        Assert.True(validator.Evaluate(entry).IsValid);
    }

    [Fact]
    public void DNS_reports_the_first_non_FQDN_host_once()
    {
        var entry = Entry(["*.a.com", "*.b.com"], [Port(80, "http", "http")], ServiceEntryResolution.Dns);

        var fqdnErrors = validator.Evaluate(entry).Errors.Where(error => error.StartsWith("hosts must be FQDN", StringComparison.Ordinal)).ToList();

        Assert.Equal(["hosts must be FQDN or contain only prefix wildcards if no endpoints are provided for resolution mode DNS, domain name \"*.a.com\" invalid (label \"*\" invalid)"], fqdnErrors);
    }

    [Fact]
    public void Dynamic_DNS_without_hosts_asks_for_a_wildcard_host()
    {
        var entry = Entry([], [Port(80, "http", "http")], ServiceEntryResolution.DynamicDns);

        Assert.Contains("at least one wildcard host must be provided for resolution mode DYNAMIC_DNS", validator.Evaluate(entry).Errors);
    }

    [Theory]
    [InlineData("none")]
    [InlineData("")]
    public void Dynamic_DNS_mesh_internal_without_a_waypoint_is_valid(string waypoint)
    {
        var entry = Entry(["*.example.com"], [Port(80, "HTTP", "http")], ServiceEntryResolution.DynamicDns, location: ServiceEntryLocation.MeshInternal,
            labels: new() { [IstioMetadata.UseWaypointLabel] = waypoint });

        Assert.True(validator.Evaluate(entry).IsValid);
    }

    [Fact]
    public void Validation_result_joins_errors_for_a_denial_message()
    {
        var result = new ServiceEntryValidation(["a", "b"], ["w"]);

        Assert.Equal("a\nb", result.ErrorMessage);
        Assert.False(result.IsValid);
    }

    [Fact]
    public void Denial_message_reads_like_istiods()
    {
        Assert.Equal("", new ServiceEntryValidation([], ["w"]).DenialMessage);
        Assert.Equal("configuration is invalid: invalid host *", new ServiceEntryValidation(["invalid host *"], []).DenialMessage);
        Assert.Equal(
            "configuration is invalid: 2 errors occurred:\n\t* a\n\t* b\n\n",
            new ServiceEntryValidation(["a", "b"], []).DenialMessage);
    }
}
