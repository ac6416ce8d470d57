using System.Text.Json.Nodes;
using Platform.Webhooks.Tests.Support;

namespace Platform.Webhooks.Tests.ServiceEntries;

/// <summary>The /validate/serviceentry endpoint over HTTPS: Istio's denial wording, warnings, all three versions.</summary>
public sealed class ServiceEntryAdmissionTests : IAsyncLifetime
{
    private WebhookHost? host;

    private WebhookHost Host => host!;

    public async Task InitializeAsync() => host = await WebhookHost.StartAsync(register: w => w.AddPlatformWebhooks());

    public async Task DisposeAsync() => await host!.DisposeAsync();

    [Theory]
    [InlineData("v1")]
    [InlineData("v1beta1")]
    [InlineData("v1alpha3")]
    public async Task A_valid_entry_is_admitted_in_every_served_version(string version)
    {
        using var client = Host.CreateClient();

        var response = await Reviews.PostAsync(client, "/validate/serviceentry", Review(version, Entry(version)));

        Assert.True(response.Allowed, response.Status?.Message);
        Assert.Null(response.Warnings);
    }

    [Fact]
    public async Task An_invalid_entry_is_denied_with_istiods_message()
    {
        using var client = Host.CreateClient();
        var entry = Entry("v1");
        entry["spec"]!["hosts"] = new JsonArray("*");
        entry["spec"]!["resolution"] = "NONE";

        var response = await Reviews.PostAsync(client, "/validate/serviceentry", Review("v1", entry));

        Assert.False(response.Allowed);
        Assert.Equal(400, response.Status!.Code);
        Assert.StartsWith("configuration is invalid: ", response.Status.Message, StringComparison.Ordinal);
        Assert.Contains("invalid host *", response.Status.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_entry_without_hosts_is_denied_on_update_too()
    {
        using var client = Host.CreateClient();
        var entry = Entry("v1beta1");
        entry["spec"]!["hosts"] = new JsonArray();

        var response = await Reviews.PostAsync(client, "/validate/serviceentry", Review("v1beta1", entry, "UPDATE", Entry("v1beta1")));

        Assert.False(response.Allowed);
        Assert.Contains("service entry must have at least one host", response.Status!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Warnings_are_returned_as_admission_warnings()
    {
        using var client = Host.CreateClient();
        var entry = Entry("v1");
        entry["metadata"]!["labels"] = new JsonObject { ["networking.istio.io/enable-autoallocate-ip"] = "false" };
        entry["spec"]!["ports"] = new JsonArray(new JsonObject { ["number"] = 5432, ["name"] = "tcp-postgres", ["protocol"] = "TCP" });

        var response = await Reviews.PostAsync(client, "/validate/serviceentry", Review("v1", entry));

        Assert.True(response.Allowed, response.Status?.Message);
        Assert.Contains("addresses are required for ports serving TCP (or unset) protocol when IP Autoallocation is not enabled", response.Warnings!);
    }

    [Fact]
    public async Task An_entry_that_does_not_decode_is_denied_naming_the_field()
    {
        using var client = Host.CreateClient();
        var entry = Entry("v1");
        entry["spec"]!["ports"]![0]!["number"] = "https";

        var response = await Reviews.PostAsync(client, "/validate/serviceentry", Review("v1", entry));

        Assert.False(response.Allowed);
        Assert.Equal(400, response.Status!.Code);
        Assert.Contains("field spec.ports[0].number", response.Status.Message, StringComparison.Ordinal);
        Assert.Contains("networking.istio.io/v1 ServiceEntry", response.Status.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_version_not_served_is_denied()
    {
        using var client = Host.CreateClient();

        var response = await Reviews.PostAsync(client, "/validate/serviceentry", Review("v2", Entry("v2")));

        Assert.False(response.Allowed);
        Assert.Contains("not networking.istio.io/v2/ServiceEntry", response.Status!.Message, StringComparison.Ordinal);
    }

    internal static JsonObject Entry(string version) => new()
    {
        ["apiVersion"] = $"networking.istio.io/{version}",
        ["kind"] = "ServiceEntry",
        ["metadata"] = new JsonObject { ["name"] = "external-api", ["namespace"] = "default" },
        ["spec"] = new JsonObject
        {
            ["hosts"] = new JsonArray("api.example.com"),
            ["location"] = "MESH_EXTERNAL",
            ["resolution"] = "DNS",
            ["ports"] = new JsonArray(new JsonObject { ["number"] = 443, ["name"] = "https", ["protocol"] = "TLS" }),
        },
    };

    internal static string Review(string version, JsonObject entry, string operation = "CREATE", JsonObject? old = null) =>
        Reviews.Review(operation, entry, old, kind: "ServiceEntry", group: "networking.istio.io", version: version);
}
