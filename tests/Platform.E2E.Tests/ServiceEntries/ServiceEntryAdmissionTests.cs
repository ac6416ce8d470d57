using Platform.E2E.Tests.Support;

namespace Platform.E2E.Tests.ServiceEntries;

/// <summary>
/// Istio's ServiceEntry rules enforced through the embedded control plane: the webhook's denials and warnings and
/// the CRD's CEL rules, as kubectl shows them.
/// </summary>
[Collection(SuiteCollection.Name)]
public sealed class ServiceEntryAdmissionTests(SuiteFixture fixture)
{
    private const string WebhookDenial = "admission webhook \"validate.serviceentry.networking.istio.io\" denied the request";

    public static TheoryData<string, string, string> WebhookRules => new()
    {
        {
            "host-syntax",
            "hosts:\n- bad_host.example.com\nports:\n- number: 80\n  name: http\n  protocol: HTTP\n",
            "domain name \"bad_host.example.com\" invalid (label \"bad_host\" invalid)"
        },
        {
            "unknown-protocol",
            "hosts:\n- svc.example.com\nports:\n- number: 80\n  name: web\n  protocol: FOO\n",
            "unsupported protocol: FOO"
        },
        {
            "address-not-ip",
            "hosts:\n- svc.example.com\naddresses:\n- not-an-ip\nports:\n- number: 80\n  name: http\n  protocol: HTTP\n",
            "not-an-ip is not a valid IP"
        },
        {
            "static-endpoint-not-ip",
            "hosts:\n- svc.example.com\nresolution: STATIC\nports:\n- number: 80\n  name: http\n  protocol: HTTP\nendpoints:\n- address: backend.example.com\n",
            "endpoint address \"backend.example.com\" is not a valid IP address"
        },
        {
            "dynamic-dns-not-wildcard",
            "hosts:\n- svc.example.com\nresolution: DYNAMIC_DNS\nports:\n- number: 80\n  name: http\n  protocol: HTTP\n",
            "host \"svc.example.com\" must be wildcarded for resolution mode DYNAMIC_DNS"
        },
        {
            "export-to-public-and-private",
            "hosts:\n- svc.example.com\nexportTo:\n- \"*\"\n- \".\"\nports:\n- number: 80\n  name: http\n  protocol: HTTP\n",
            "cannot have both public (*) and non-public exportTo values"
        },
        {
            "multiple-hosts-tcp",
            "hosts:\n- a.example.com\n- b.example.com\nresolution: DNS\nports:\n- number: 5432\n  name: tcp-db\n  protocol: TCP\n",
            "multiple hosts provided with non-HTTP, non-TLS ports"
        },
    };

    [Theory]
    [MemberData(nameof(WebhookRules))]
    public async Task Invalid_service_entry_is_refused_with_the_rule_message(string name, string spec, string message)
    {
        var ns = await fixture.CreateNamespaceAsync("se-invalid");

        var result = await fixture.Kubectl.RunAsync(ServiceEntryManifests.WithSpec(name, ns, spec), "apply", "-f", "-");

        Assert.True(result.ExitCode != 0, result.ToString());
        Assert.Contains(WebhookDenial, result.StandardError, StringComparison.Ordinal);
        Assert.Contains(message, result.StandardError, StringComparison.Ordinal);
        var get = await fixture.Kubectl.RunAsync(null, "get", "se", name, "-n", ns);
        Assert.Contains("NotFound", get.StandardError, StringComparison.Ordinal);
    }

    public static TheoryData<string, string, string> WarningRules => new()
    {
        {
            "tcp-without-addresses",
            "hosts:\n- db.example.com\nresolution: NONE\nports:\n- number: 5432\n  name: tcp-db\n  protocol: TCP\n",
            "addresses are required for ports serving TCP (or unset) protocol when IP Autoallocation is not enabled"
        },
        {
            "partial-wildcard",
            "hosts:\n- \"*washingtonpost.com\"\nresolution: NONE\nports:\n- number: 443\n  name: tls\n  protocol: TLS\n",
            "partial wildcard \"*washingtonpost.com\" not allowed"
        },
    };

    [Theory]
    [MemberData(nameof(WarningRules))]
    public async Task Valid_service_entry_with_a_warning_is_stored_and_kubectl_prints_the_warning(string name, string spec, string warning)
    {
        var ns = await fixture.CreateNamespaceAsync("se-warn");

        var result = await fixture.Kubectl.SucceedAsync(ServiceEntryManifests.WithSpec(name, ns, spec), "apply", "-f", "-");

        Assert.Contains($"Warning: {warning}", result.StandardError, StringComparison.Ordinal);
        Assert.Contains($"serviceentry.networking.istio.io/{name} created", result.StandardOutput, StringComparison.Ordinal);
        await fixture.Kubectl.SucceedAsync(null, "get", "se", name, "-n", ns);
    }

    public static TheoryData<string, string, string> CelRules => new()
    {
        {
            "wildcard-host",
            "hosts:\n- \"*\"\nports:\n- number: 80\n  name: http\n  protocol: HTTP\n",
            "hostname cannot be wildcard"
        },
        {
            "none-with-endpoints",
            "hosts:\n- svc.example.com\nresolution: NONE\nports:\n- number: 80\n  name: http\n  protocol: HTTP\nendpoints:\n- address: 192.0.2.10\n",
            "NONE mode cannot set endpoints"
        },
        {
            "duplicate-port-number",
            "hosts:\n- svc.example.com\nports:\n- number: 80\n  name: http\n  protocol: HTTP\n- number: 80\n  name: http-alt\n  protocol: HTTP\n",
            "port number cannot be duplicated"
        },
    };

    [Theory]
    [MemberData(nameof(CelRules))]
    public async Task Crd_cel_rule_refuses_the_service_entry_with_its_message(string name, string spec, string message)
    {
        var ns = await fixture.CreateNamespaceAsync("se-cel");

        var result = await fixture.Kubectl.RunAsync(ServiceEntryManifests.WithSpec(name, ns, spec), "apply", "-f", "-");

        Assert.True(result.ExitCode != 0, result.ToString());
        Assert.Contains($"The ServiceEntry \"{name}\" is invalid", result.StandardError, StringComparison.Ordinal);
        Assert.Contains(message, result.StandardError, StringComparison.Ordinal);
    }
}
