using Platform.E2E.Tests.Support;

namespace Platform.E2E.Tests.LoadBalancer;

/// <summary>`platform sandbox` runs the suite's controllers: a MetalLB pool and a LoadBalancer Service, applied with kubectl, meet.</summary>
[Collection(SuiteCollection.Name)]
public sealed class LoadBalancerServiceTests(SuiteFixture fixture)
{
    [Fact]
    public async Task A_LoadBalancer_Service_gets_the_lowest_address_of_a_MetalLB_pool()
    {
        await fixture.EnsureNamespaceAsync("metallb-system");
        await fixture.EnsureNamespaceAsync("lb-e2e");
        const string manifest = """
            apiVersion: metallb.io/v1beta1
            kind: IPAddressPool
            metadata:
              name: e2e-pool
              namespace: metallb-system
            spec:
              addresses:
              - 198.51.100.16/29
            ---
            apiVersion: v1
            kind: Service
            metadata:
              name: web
              namespace: lb-e2e
            spec:
              type: LoadBalancer
              selector:
                app: web
              ports:
              - port: 80
                targetPort: 8080
            """;

        await fixture.Kubectl.SucceedAsync(manifest, "apply", "-f", "-");
        try
        {
            var ip = "";
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (ip.Length == 0 && DateTime.UtcNow < deadline)
            {
                var read = await fixture.Kubectl.SucceedAsync(null, "get", "service", "web", "-n", "lb-e2e", "-o", "jsonpath={.status.loadBalancer.ingress[0].ip}");
                ip = read.StandardOutput.Trim();
                if (ip.Length == 0)
                {
                    await Task.Delay(250);
                }
            }

            Assert.Equal("198.51.100.16", ip);
            var pool = await fixture.Kubectl.SucceedAsync(null, "get", "service", "web", "-n", "lb-e2e", "-o", "jsonpath={.metadata.annotations.metallb\\.io/ip-allocated-from-pool}");
            Assert.Equal("e2e-pool", pool.StandardOutput.Trim());
        }
        finally
        {
            await fixture.Kubectl.RunAsync(manifest, "delete", "-f", "-");
        }
    }
}
