using FluentValidation;
using k8s.Models;
using Platform.Crds.MetalLB;
using Platform.LoadBalancer.Configuration;
using Platform.LoadBalancer.Validation;
using static Platform.LoadBalancer.Tests.PoolFactory;

namespace Platform.LoadBalancer.Tests.Validation;

public class IPAddressPoolValidatorTests
{
    private static readonly LoadBalancerOptions Options = new();

    private static List<string> Errors(IPAddressPool pool, params IPAddressPool[] others) =>
        [.. new IPAddressPoolValidator(Options, others).Validate(pool).Errors.Select(e => e.ErrorMessage)];

    [Fact]
    public void Accepts_metallb_documented_pools()
    {
        Assert.Empty(Errors(Pool("first-pool", ["192.168.10.0/24", "192.168.9.1-192.168.9.5", "fc00:f853:0ccd:e799::/124"])));
        Assert.Empty(Errors(Pool("cheap", ["192.168.144.0/20"], autoAssign: false)));
        Assert.Empty(Errors(Pool("ns-pool", ["10.0.0.0/24"], ns: "platform-system", allocation: new ServiceAllocation
        {
            Priority = 50,
            Namespaces = ["namespace-a", "namespace-b"],
            NamespaceSelectors = [new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["foo"] = "bar" } }],
            ServiceSelectors = [new V1LabelSelector { MatchExpressions = [new V1LabelSelectorRequirement { Key = "svc", OperatorProperty = "In", Values = ["a"] }] }],
        })));
    }

    [Fact]
    public void Refuses_pools_outside_the_allowed_namespaces_and_names_them()
    {
        var error = Assert.Single(Errors(Pool("p", ["10.0.0.0/24"], ns: "default")));
        Assert.Contains("\"platform-system\", \"metallb-system\"", error, StringComparison.Ordinal);

        var custom = new IPAddressPoolValidator(new LoadBalancerOptions { PoolNamespaces = ["lb"] }, []);
        Assert.True(custom.Validate(Pool("p", ["10.0.0.0/24"], ns: "lb")).IsValid);
        Assert.False(custom.Validate(Pool("p", ["10.0.0.0/24"])).IsValid);
    }

    [Theory]
    [InlineData("10.0.0.0/33")]
    [InlineData("10.0.0.9-10.0.0.1")]
    [InlineData("banana")]
    [InlineData("10.0.0.1")]
    public void Refuses_entries_that_do_not_parse(string entry)
    {
        var error = Assert.Single(Errors(Pool("p", ["10.1.0.0/24", entry])));
        Assert.Contains(entry, error, StringComparison.Ordinal);
        Assert.Contains("\"p\"", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Refuses_an_empty_address_list() =>
        Assert.Contains("no prefixes", Assert.Single(Errors(Pool("p", []))), StringComparison.Ordinal);

    [Fact]
    public void Refuses_overlaps_within_a_pool_and_with_other_pools_naming_both()
    {
        var within = Assert.Single(Errors(Pool("p", ["10.0.0.0/24", "10.0.0.128-10.0.1.5"])));
        Assert.Contains("\"10.0.0.128-10.0.1.5\" in pool \"p\" overlaps with already defined CIDR \"10.0.0.0/24\" in pool \"p\"", within, StringComparison.Ordinal);

        var across = Assert.Single(Errors(Pool("new", ["2001:db8::/120"]), Pool("old", ["2001:db8::80/121"])));
        Assert.Contains("pool \"new\"", across, StringComparison.Ordinal);
        Assert.Contains("pool \"old\"", across, StringComparison.Ordinal);

        // An update of the same pool does not overlap itself.
        Assert.Empty(Errors(Pool("same", ["10.0.0.0/24"]), Pool("same", ["10.0.0.0/25"])));
    }

    [Fact]
    public void Refuses_a_duplicate_name_in_another_namespace()
    {
        var error = Assert.Single(Errors(Pool("p", ["10.0.0.0/24"]), Pool("p", ["10.9.0.0/24"], ns: "platform-system")));
        Assert.Contains("duplicate definition of pool \"p\"", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Refuses_duplicate_namespaces_and_invalid_selectors()
    {
        var errors = Errors(Pool("p", ["10.0.0.0/24"], allocation: new ServiceAllocation
        {
            Namespaces = ["a", "a"],
            NamespaceSelectors = [new V1LabelSelector { MatchExpressions = [new V1LabelSelectorRequirement { Key = "k", OperatorProperty = "Equals", Values = ["x"] }] }],
            ServiceSelectors =
            [
                new V1LabelSelector { MatchExpressions = [new V1LabelSelectorRequirement { Key = "k", OperatorProperty = "In", Values = [] }] },
                new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["bad key!"] = "v" } },
            ],
        }));
        Assert.Equal(4, errors.Count);
        Assert.Contains(errors, e => e.Contains("duplicate definition in namespaces field: \"a\"", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("\"Equals\" is not a valid label selector operator", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("values must be non-empty", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("\"bad key!\" is not a valid label key", StringComparison.Ordinal));
    }

    [Fact]
    public void Reports_property_paths_for_the_webhook()
    {
        var result = new IPAddressPoolValidator(Options, []).Validate(Pool("p", ["10.0.0.0/24", "x"]));
        Assert.Equal("spec.addresses[1]", Assert.Single(result.Errors).PropertyName);
        Assert.Equal(Severity.Error, result.Errors[0].Severity);
    }
}
