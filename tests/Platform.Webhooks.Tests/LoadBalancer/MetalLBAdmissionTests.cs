using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Platform.Webhooks.Tests.Support;

namespace Platform.Webhooks.Tests.LoadBalancer;

/// <summary>
/// The IPAddressPool and L2Advertisement endpoints over HTTPS, with the existing pools listed from an API on
/// 127.0.0.1 at admission time: errors deny naming the problem, unknown pools only warn.
/// </summary>
public sealed class MetalLBAdmissionTests : IAsyncLifetime
{
    private const string PoolPath = "/validate/ipaddresspool";
    private const string AdvertisementPath = "/validate/l2advertisement";
    private FakeKubernetesApi? api;
    private WebhookHost? host;

    private FakeKubernetesApi Api => api!;

    private WebhookHost Host => host!;

    public async Task InitializeAsync()
    {
        api = await FakeKubernetesApi.StartAsync();
        var client = api.CreateClient();
        host = await WebhookHost.StartAsync(register: w =>
        {
            w.Services.AddSingleton(client);
            w.AddPlatformWebhooks();
        });
    }

    public async Task DisposeAsync()
    {
        await host!.DisposeAsync();
        await api!.DisposeAsync();
    }

    [Fact]
    public async Task A_valid_pool_is_admitted_without_warnings()
    {
        Api.Put("ipaddresspools", Pool("other", "198.51.100.0/24"));
        using var client = Host.CreateClient();

        var response = await Reviews.PostAsync(client, PoolPath, PoolReview(Pool("first", "192.0.2.0/25", "192.0.2.200-192.0.2.210", "2001:db8::/120")));

        Assert.True(response.Allowed, response.Status?.Message);
        Assert.Null(response.Warnings);
    }

    [Fact]
    public async Task An_address_that_does_not_parse_is_denied_naming_it()
    {
        using var client = Host.CreateClient();

        var response = await Reviews.PostAsync(client, PoolPath, PoolReview(Pool("first", "192.0.2.0/33")));

        Assert.False(response.Allowed);
        Assert.Equal(400, response.Status!.Code);
        Assert.StartsWith("IPAddressPool is invalid: ", response.Status.Message, StringComparison.Ordinal);
        Assert.Contains("spec.addresses[0]", response.Status.Message, StringComparison.Ordinal);
        Assert.Contains("192.0.2.0/33", response.Status.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_range_whose_start_is_after_its_end_is_denied()
    {
        using var client = Host.CreateClient();

        var response = await Reviews.PostAsync(client, PoolPath, PoolReview(Pool("first", "192.0.2.20-192.0.2.10")));

        Assert.False(response.Allowed);
        Assert.Contains("spec.addresses[0]", response.Status!.Message, StringComparison.Ordinal);
        Assert.Contains("192.0.2.20-192.0.2.10", response.Status.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_pool_overlapping_another_pool_is_denied_naming_both()
    {
        Api.Put("ipaddresspools", Pool("production", "203.0.113.0/24"));
        using var client = Host.CreateClient();

        var response = await Reviews.PostAsync(client, PoolPath, PoolReview(Pool("staging", "203.0.113.128/25")));

        Assert.False(response.Allowed);
        Assert.Contains("\"staging\"", response.Status!.Message, StringComparison.Ordinal);
        Assert.Contains("\"production\"", response.Status.Message, StringComparison.Ordinal);
        Assert.Contains("203.0.113.128/25", response.Status.Message, StringComparison.Ordinal);
        Assert.Contains("203.0.113.0/24", response.Status.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Overlap_is_checked_against_pools_of_every_allowed_namespace()
    {
        Api.Put("ipaddresspools", Pool("suite-pool", "198.51.100.64/26", ns: "platform-system"));
        using var client = Host.CreateClient();

        var response = await Reviews.PostAsync(client, PoolPath, PoolReview(Pool("metallb-pool", "198.51.100.100-198.51.100.110")));

        Assert.False(response.Allowed);
        Assert.Contains("\"suite-pool\"", response.Status!.Message, StringComparison.Ordinal);
        Assert.Contains("\"metallb-pool\"", response.Status.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Updating_a_pool_is_not_judged_against_its_own_stored_version()
    {
        var stored = Pool("production", "203.0.113.0/25");
        Api.Put("ipaddresspools", stored);
        using var client = Host.CreateClient();

        var response = await Reviews.PostAsync(client, PoolPath, PoolReview(Pool("production", "203.0.113.0/24"), "UPDATE", stored));

        Assert.True(response.Allowed, response.Status?.Message);
    }

    [Fact]
    public async Task Duplicate_allocation_namespaces_are_denied()
    {
        using var client = Host.CreateClient();
        var pool = Pool("first", "192.0.2.0/24");
        pool["spec"]!["serviceAllocation"] = new JsonObject { ["namespaces"] = new JsonArray("team-a", "team-a") };

        var response = await Reviews.PostAsync(client, PoolPath, PoolReview(pool));

        Assert.False(response.Allowed);
        Assert.Contains("spec.serviceAllocation.namespaces", response.Status!.Message, StringComparison.Ordinal);
        Assert.Contains("\"team-a\"", response.Status.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_invalid_selector_is_denied()
    {
        using var client = Host.CreateClient();
        var pool = Pool("first", "192.0.2.0/24");
        pool["spec"]!["serviceAllocation"] = new JsonObject
        {
            ["serviceSelectors"] = new JsonArray(new JsonObject
            {
                ["matchExpressions"] = new JsonArray(new JsonObject { ["key"] = "tier", ["operator"] = "Near", ["values"] = new JsonArray("web") }),
            }),
        };

        var response = await Reviews.PostAsync(client, PoolPath, PoolReview(pool));

        Assert.False(response.Allowed);
        Assert.Contains("spec.serviceAllocation.serviceSelectors[0]", response.Status!.Message, StringComparison.Ordinal);
        Assert.Contains("invalid label selector", response.Status.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_pool_outside_the_allowed_namespaces_is_denied_listing_them()
    {
        using var client = Host.CreateClient();

        var response = await Reviews.PostAsync(client, PoolPath, PoolReview(Pool("first", "192.0.2.0/24", ns: "default")));

        Assert.False(response.Allowed);
        Assert.Contains("namespace \"default\"", response.Status!.Message, StringComparison.Ordinal);
        Assert.Contains("\"platform-system\", \"metallb-system\"", response.Status.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_pool_whose_namespace_comes_only_from_the_request_is_judged_by_it()
    {
        using var client = Host.CreateClient();
        var pool = Pool("first", "192.0.2.0/24");
        pool["metadata"]!.AsObject().Remove("namespace");

        // The review's request namespace is "default", which is not allowed.
        var response = await Reviews.PostAsync(client, PoolPath, PoolReview(pool));

        Assert.False(response.Allowed);
        Assert.Contains("namespace \"default\"", response.Status!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task When_the_pools_cannot_be_listed_the_pool_is_denied_saying_why()
    {
        Api.Unavailable = true;
        using var client = Host.CreateClient();

        var response = await Reviews.PostAsync(client, PoolPath, PoolReview(Pool("first", "192.0.2.0/24")));

        Assert.False(response.Allowed);
        Assert.Equal(500, response.Status!.Code);
        Assert.Contains("cannot list IPAddressPools", response.Status.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_advertisement_naming_an_unknown_pool_is_admitted_with_a_warning()
    {
        Api.Put("ipaddresspools", Pool("production", "203.0.113.0/24"));
        using var client = Host.CreateClient();

        var response = await Reviews.PostAsync(client, AdvertisementPath, AdvertisementReview(Advertisement("l2", "production", "missing")));

        Assert.True(response.Allowed, response.Status?.Message);
        var warning = Assert.Single(response.Warnings!);
        Assert.Contains("\"missing\"", warning, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_advertisement_naming_known_pools_is_admitted_without_warnings()
    {
        Api.Put("ipaddresspools", Pool("production", "203.0.113.0/24"));
        using var client = Host.CreateClient();

        var response = await Reviews.PostAsync(client, AdvertisementPath, AdvertisementReview(Advertisement("l2", "production")));

        Assert.True(response.Allowed, response.Status?.Message);
        Assert.Null(response.Warnings);
    }

    [Fact]
    public async Task An_advertisement_naming_a_pool_twice_is_denied()
    {
        Api.Put("ipaddresspools", Pool("production", "203.0.113.0/24"));
        using var client = Host.CreateClient();

        var response = await Reviews.PostAsync(client, AdvertisementPath, AdvertisementReview(Advertisement("l2", "production", "production")));

        Assert.False(response.Allowed);
        Assert.StartsWith("L2Advertisement is invalid: ", response.Status!.Message, StringComparison.Ordinal);
        Assert.Contains("duplicate definition of ipAddressPools", response.Status.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_advertisement_with_an_invalid_node_selector_is_denied()
    {
        using var client = Host.CreateClient();
        var advertisement = Advertisement("l2");
        advertisement["spec"]!["nodeSelectors"] = new JsonArray(new JsonObject { ["matchLabels"] = new JsonObject { ["bad key!"] = "x" } });

        var response = await Reviews.PostAsync(client, AdvertisementPath, AdvertisementReview(advertisement));

        Assert.False(response.Allowed);
        Assert.Contains("spec.nodeSelectors[0]", response.Status!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_server_without_an_API_client_denies_pools_saying_why()
    {
        await using var bare = await WebhookHost.StartAsync(register: w => w.AddPlatformWebhooks());
        using var client = bare.CreateClient();

        var response = await Reviews.PostAsync(client, PoolPath, PoolReview(Pool("first", "192.0.2.0/24")));

        Assert.False(response.Allowed);
        Assert.Equal(500, response.Status!.Code);
        Assert.Contains("no Kubernetes API client", response.Status.Message, StringComparison.Ordinal);
    }

    internal static JsonObject Pool(string name, params string[] addresses) => Pool(name, addresses, "metallb-system");

    internal static JsonObject Pool(string name, string address, string ns) => Pool(name, [address], ns);

    private static JsonObject Pool(string name, string[] addresses, string ns) => new()
    {
        ["apiVersion"] = "metallb.io/v1beta1",
        ["kind"] = "IPAddressPool",
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns },
        ["spec"] = new JsonObject { ["addresses"] = new JsonArray([.. addresses.Select(a => (JsonNode)JsonValue.Create(a))]) },
    };

    private static JsonObject Advertisement(string name, params string[] pools) => new()
    {
        ["apiVersion"] = "metallb.io/v1beta1",
        ["kind"] = "L2Advertisement",
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = "metallb-system" },
        ["spec"] = new JsonObject { ["ipAddressPools"] = new JsonArray([.. pools.Select(p => (JsonNode)JsonValue.Create(p))]) },
    };

    private static string PoolReview(JsonObject pool, string operation = "CREATE", JsonObject? old = null) =>
        Reviews.Review(operation, pool, old, kind: "IPAddressPool", group: "metallb.io", version: "v1beta1");

    private static string AdvertisementReview(JsonObject advertisement) =>
        Reviews.Review("CREATE", advertisement, kind: "L2Advertisement", group: "metallb.io", version: "v1beta1");
}
