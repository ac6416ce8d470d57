using FluentValidation;
using k8s.Models;
using Platform.Crds.MetalLB;
using Platform.LoadBalancer.Configuration;
using Platform.LoadBalancer.Validation;
using static Platform.LoadBalancer.Tests.PoolFactory;

namespace Platform.LoadBalancer.Tests.Validation;

public class L2AdvertisementValidatorTests
{
    private static L2Advertisement Advertisement(L2AdvertisementSpec spec, string ns = "metallb-system") => new()
    {
        ApiVersion = "metallb.io/v1beta1",
        Kind = "L2Advertisement",
        Metadata = new V1ObjectMeta { Name = "adv", NamespaceProperty = ns },
        Spec = spec,
    };

    private static FluentValidation.Results.ValidationResult Validate(L2Advertisement advertisement) =>
        new L2AdvertisementValidator(new LoadBalancerOptions(), [Pool("first-pool", ["10.0.0.0/24"])]).Validate(advertisement);

    [Fact]
    public void Accepts_metallb_documented_advertisements()
    {
        Assert.True(Validate(Advertisement(new L2AdvertisementSpec())).IsValid);
        var result = Validate(Advertisement(new L2AdvertisementSpec
        {
            IpAddressPools = ["first-pool"],
            NodeSelectors = [new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["kubernetes.io/hostname"] = "NodeA" } }],
            Interfaces = ["eth0", "eth1"],
            PreferredNodeSelectors = [new PreferredNodeSelector { Weight = 100, Preference = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["role"] = "edge" } } }],
        }));
        Assert.True(result.IsValid);
        Assert.Empty(result.Errors);
    }

    [Fact]
    public void Unknown_pool_names_are_warnings_not_denials()
    {
        var result = Validate(Advertisement(new L2AdvertisementSpec { IpAddressPools = ["first-pool", "later-pool"] }));
        var warning = Assert.Single(result.Errors);
        Assert.Equal(Severity.Warning, warning.Severity);
        Assert.Contains("\"later-pool\"", warning.ErrorMessage, StringComparison.Ordinal);
        Assert.DoesNotContain(result.Errors, e => e.Severity == Severity.Error);
    }

    [Fact]
    public void Refuses_duplicate_pool_names_invalid_selectors_bad_weights_and_wrong_namespace()
    {
        var result = Validate(Advertisement(
            new L2AdvertisementSpec
            {
                IpAddressPools = ["first-pool", "first-pool"],
                IpAddressPoolSelectors = [new V1LabelSelector { MatchExpressions = [new V1LabelSelectorRequirement { Key = "k", OperatorProperty = "Exists", Values = ["v"] }] }],
                NodeSelectors = [new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["k"] = "bad value!" } }],
                PreferredNodeSelectors = [new PreferredNodeSelector { Weight = 0 }],
            },
            ns: "default"));
        var errors = result.Errors.Where(e => e.Severity == Severity.Error).Select(e => e.PropertyName).ToList();
        Assert.Contains("metadata.namespace", errors);
        Assert.Contains("spec.ipAddressPools", errors);
        Assert.Contains("spec.ipAddressPoolSelectors[0]", errors);
        Assert.Contains("spec.nodeSelectors[0]", errors);
        Assert.Contains("spec.preferredNodeSelectors[0].weight", errors);
    }
}
