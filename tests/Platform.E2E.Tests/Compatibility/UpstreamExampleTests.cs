using Platform.E2E.Tests.Support;

namespace Platform.E2E.Tests.Compatibility;

/// <summary>Upstream documentation manifests apply unchanged (the compatibility promise), read back and delete.</summary>
[Collection(SuiteCollection.Name)]
public sealed class UpstreamExampleTests(SuiteFixture fixture)
{
    [Theory]
    [InlineData("metallb-ipaddresspool-first-pool.yaml", "ipaddresspool.metallb.io/first-pool")]
    [InlineData("metallb-ipaddresspool-expensive.yaml", "ipaddresspool.metallb.io/expensive")]
    [InlineData("metallb-ipaddresspool-service-allocation.yaml", "ipaddresspool.metallb.io/ippool-ns-service-alloc-sample")]
    [InlineData("metallb-l2advertisement-all-pools.yaml", "l2advertisement.metallb.io/example")]
    [InlineData("metallb-l2advertisement-pools.yaml", "l2advertisement.metallb.io/example")]
    [InlineData("metallb-l2advertisement-interfaces.yaml", "l2advertisement.metallb.io/example")]
    [InlineData("metallb-l2advertisement-node-selectors.yaml", "l2advertisement.metallb.io/example")]
    [InlineData("metallb-l2advertisement-pool-selectors.yaml", "l2advertisement.metallb.io/l2advertisement")]
    public async Task MetalLB_example_applies_unchanged(string file, string resourceName)
    {
        await fixture.EnsureNamespaceAsync("metallb-system");
        var manifest = RepositoryFiles.Example(file);

        var applied = await fixture.Kubectl.SucceedAsync(manifest, "apply", "-f", "-");

        Assert.True(applied.StandardOutput.Contains($"{resourceName} created", StringComparison.Ordinal), applied.ToString());
        // Applied one at a time, an L2Advertisement may name a pool that is not there yet: that is admitted with a
        // warning saying so (the rule); any other warning is a compatibility defect.
        var warnings = applied.StandardError.Split('\n').Where(l => l.StartsWith("Warning:", StringComparison.Ordinal)).ToList();
        Assert.All(warnings, w => Assert.Contains("does not exist (yet)", w, StringComparison.Ordinal));
        var read = await fixture.Kubectl.SucceedAsync(null, "get", resourceName, "-n", "metallb-system", "-o", "name");
        Assert.Equal(resourceName, read.StandardOutput.Trim());
        var deleted = await fixture.Kubectl.SucceedAsync(manifest, "delete", "-f", "-");
        var slash = resourceName.IndexOf('/', StringComparison.Ordinal);
        Assert.Contains($"{resourceName[..slash]} \"{resourceName[(slash + 1)..]}\" deleted", deleted.StandardOutput, StringComparison.Ordinal);
        var gone = await fixture.Kubectl.RunAsync(null, "get", resourceName, "-n", "metallb-system");
        Assert.Contains("NotFound", gone.StandardError, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("spire-clusterspiffeid-greeter-server.yaml")]
    [InlineData("spire-clusterspiffeid-every-field.yaml")]
    [InlineData("spire-clusterspiffeid-dns-names.yaml")]
    [InlineData("spire-clusterspiffeid-federates-with.yaml")]
    [InlineData("spire-clusterspiffeid-namespace-selector.yaml")]
    public async Task Spire_controller_manager_cluster_spiffe_id_applies_unchanged(string file)
    {
        var manifest = RepositoryFiles.Example(file);

        var applied = await fixture.Kubectl.SucceedAsync(manifest, "apply", "-f", "-");

        Assert.Matches("^clusterspiffeid\\.spire\\.spiffe\\.io/[a-z0-9.-]+ created", applied.StandardOutput);
        var resourceName = applied.StandardOutput.Split(' ')[0];
        var template = await fixture.Kubectl.SucceedAsync(null, "get", resourceName, "-o", "jsonpath={.spec.spiffeIDTemplate}");
        Assert.StartsWith("spiffe://", template.StandardOutput, StringComparison.Ordinal);
        await fixture.Kubectl.SucceedAsync(manifest, "delete", "-f", "-");
    }
}
