using Platform.E2E.Tests.Support;

namespace Platform.E2E.Tests.LoadBalancer;

/// <summary>
/// `platform sandbox` admits MetalLB objects through the suite's webhooks, as kubectl users see it: overlapping
/// pools and pools outside the allowed namespaces are refused with a clear message, unknown pools only warn.
/// </summary>
[Collection(SuiteCollection.Name)]
public sealed class LoadBalancerAdmissionTests(SuiteFixture fixture)
{
    [Fact]
    public async Task A_pool_overlapping_another_is_refused_naming_both()
    {
        await fixture.EnsureNamespaceAsync("metallb-system");
        const string first = """
            apiVersion: metallb.io/v1beta1
            kind: IPAddressPool
            metadata:
              name: admission-e2e-a
              namespace: metallb-system
            spec:
              addresses:
              - 203.0.113.0/26
            """;
        const string second = """
            apiVersion: metallb.io/v1beta1
            kind: IPAddressPool
            metadata:
              name: admission-e2e-b
              namespace: metallb-system
            spec:
              addresses:
              - 203.0.113.32-203.0.113.40
            """;

        await fixture.Kubectl.SucceedAsync(first, "apply", "-f", "-");
        try
        {
            var refused = await fixture.Kubectl.RunAsync(second, "apply", "-f", "-");

            Assert.NotEqual(0, refused.ExitCode);
            Assert.Contains("denied the request", refused.StandardError, StringComparison.Ordinal);
            Assert.Contains("\"admission-e2e-a\"", refused.StandardError, StringComparison.Ordinal);
            Assert.Contains("\"admission-e2e-b\"", refused.StandardError, StringComparison.Ordinal);
            var gone = await fixture.Kubectl.RunAsync(null, "get", "ipaddresspool", "admission-e2e-b", "-n", "metallb-system");
            Assert.Contains("NotFound", gone.StandardError, StringComparison.Ordinal);
        }
        finally
        {
            await fixture.Kubectl.RunAsync(first, "delete", "-f", "-");
        }
    }

    [Fact]
    public async Task A_pool_in_namespace_default_is_refused_naming_the_allowed_namespaces()
    {
        await fixture.EnsureNamespaceAsync("default");
        const string manifest = """
            apiVersion: metallb.io/v1beta1
            kind: IPAddressPool
            metadata:
              name: admission-e2e-default
              namespace: default
            spec:
              addresses:
              - 192.0.2.0/28
            """;

        var refused = await fixture.Kubectl.RunAsync(manifest, "apply", "-f", "-");

        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("namespace \"default\"", refused.StandardError, StringComparison.Ordinal);
        Assert.Contains("\"metallb-system\"", refused.StandardError, StringComparison.Ordinal);
        Assert.Contains("\"platform-system\"", refused.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_advertisement_naming_an_unknown_pool_is_created_with_a_warning()
    {
        await fixture.EnsureNamespaceAsync("metallb-system");
        const string manifest = """
            apiVersion: metallb.io/v1beta1
            kind: L2Advertisement
            metadata:
              name: admission-e2e-l2
              namespace: metallb-system
            spec:
              ipAddressPools:
              - admission-e2e-missing
            """;

        var applied = await fixture.Kubectl.SucceedAsync(manifest, "apply", "-f", "-");
        try
        {
            Assert.Contains("l2advertisement.metallb.io/admission-e2e-l2 created", applied.StandardOutput, StringComparison.Ordinal);
            Assert.Contains("Warning:", applied.StandardError, StringComparison.Ordinal);
            Assert.Contains("\"admission-e2e-missing\"", applied.StandardError, StringComparison.Ordinal);
        }
        finally
        {
            await fixture.Kubectl.RunAsync(manifest, "delete", "-f", "-");
        }
    }
}
