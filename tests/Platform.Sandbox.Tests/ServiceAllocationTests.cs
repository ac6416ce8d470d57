using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Platform.Sandbox.Tests.Infrastructure;

namespace Platform.Sandbox.Tests;

/// <summary>Service clusterIP and NodePort allocation on a dual-stack cluster (Services: IPv4/IPv6 dual-stack docs).</summary>
public sealed class ServiceAllocationTests : IClassFixture<SandboxHost>
{
    private const string Services = "/api/v1/namespaces/default/services";
    private readonly SandboxHost _host;

    public ServiceAllocationTests(SandboxHost host) => _host = host;

    private static JsonObject Service(string name, Action<JsonObject>? spec = null)
    {
        var s = new JsonObject { ["ports"] = new JsonArray(new JsonObject { ["port"] = 80 }), ["selector"] = new JsonObject { ["app"] = name } };
        spec?.Invoke(s);
        return new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Service", ["metadata"] = new JsonObject { ["name"] = name }, ["spec"] = s };
    }

    private static string[] Ips(JsonObject svc) => [.. svc["spec"]!["clusterIPs"]!.AsArray().Select(i => i!.GetValue<string>())];

    private static AddressFamily Family(string ip) => IPAddress.Parse(ip).AddressFamily;

    [Fact]
    public async Task Default_is_SingleStack_IPv4_with_defaults_filled_in()
    {
        var (code, svc) = await _host.PostAsync(Services, Service("single"));
        Assert.Equal(201, code);
        Assert.Equal("SingleStack", Objects.Str(svc!["spec"]!["ipFamilyPolicy"]));
        Assert.Equal(["IPv4"], svc["spec"]!["ipFamilies"]!.AsArray().Select(f => f!.GetValue<string>()));
        var ip = Assert.Single(Ips(svc));
        Assert.StartsWith("10.96.", ip);
        Assert.Equal(ip, Objects.Str(svc["spec"]!["clusterIP"]));
        Assert.Equal("ClusterIP", Objects.Str(svc["spec"]!["type"]));
        Assert.Equal("TCP", Objects.Str(svc["spec"]!["ports"]![0]!["protocol"]));
        Assert.Equal(80, svc["spec"]!["ports"]![0]!["targetPort"]!.GetValue<int>());
    }

    [Fact]
    public async Task PreferDualStack_gets_one_address_per_family_primary_first()
    {
        var (_, svc) = await _host.PostAsync(Services, Service("dual", s => s["ipFamilyPolicy"] = "PreferDualStack"));
        var ips = Ips(svc!);
        Assert.Equal(2, ips.Length);
        Assert.Equal(AddressFamily.InterNetwork, Family(ips[0]));
        Assert.Equal(AddressFamily.InterNetworkV6, Family(ips[1]));
    }

    [Fact]
    public async Task RequireDualStack_with_IPv6_first_orders_addresses_by_ipFamilies()
    {
        var (_, svc) = await _host.PostAsync(Services, Service("v6first", s =>
        {
            s["ipFamilyPolicy"] = "RequireDualStack";
            s["ipFamilies"] = new JsonArray("IPv6", "IPv4");
        }));
        var ips = Ips(svc!);
        Assert.Equal(AddressFamily.InterNetworkV6, Family(ips[0]));
        Assert.Equal(AddressFamily.InterNetwork, Family(ips[1]));
    }

    [Fact]
    public async Task Two_ipFamilies_without_a_policy_imply_RequireDualStack()
    {
        var (_, svc) = await _host.PostAsync(Services, Service("implied", s => s["ipFamilies"] = new JsonArray("IPv4", "IPv6")));
        Assert.Equal("RequireDualStack", Objects.Str(svc!["spec"]!["ipFamilyPolicy"]));
        Assert.Equal(2, Ips(svc).Length);
    }

    [Fact]
    public async Task SingleStack_IPv6_only()
    {
        var (_, svc) = await _host.PostAsync(Services, Service("only6", s => s["ipFamilies"] = new JsonArray("IPv6")));
        Assert.Equal(AddressFamily.InterNetworkV6, Family(Assert.Single(Ips(svc!))));
    }

    [Fact]
    public async Task Headless_and_ExternalName_services_get_no_address()
    {
        var (_, headless) = await _host.PostAsync(Services, Service("headless", s => s["clusterIP"] = "None"));
        Assert.Equal(["None"], Ips(headless!));
        var (_, external) = await _host.PostAsync(Services, Service("ext", s =>
        {
            s["type"] = "ExternalName";
            s["externalName"] = "example.com";
        }));
        Assert.Null(external!["spec"]!["clusterIP"]);
    }

    [Fact]
    public async Task A_requested_address_already_in_use_is_422()
    {
        var (_, first) = await _host.PostAsync(Services, Service("taken-a"));
        var ip = Ips(first!)[0];
        var (code, status) = await _host.PostAsync(Services, Service("taken-b", s => s["clusterIP"] = ip));
        Assert.Equal(422, code);
        Assert.Contains("provided IP is already allocated", Objects.Str(status!["message"]));
        var (outside, _) = await _host.PostAsync(Services, Service("outside", s => s["clusterIP"] = "192.168.1.1"));
        Assert.Equal(422, outside);
    }

    [Fact]
    public async Task NodePort_and_LoadBalancer_services_get_node_ports_in_30000_32767()
    {
        var (_, np) = await _host.PostAsync(Services, Service("np", s => s["type"] = "NodePort"));
        Assert.InRange(np!["spec"]!["ports"]![0]!["nodePort"]!.GetValue<int>(), 30000, 32767);
        var (_, lb) = await _host.PostAsync(Services, Service("lb", s => s["type"] = "LoadBalancer"));
        Assert.InRange(lb!["spec"]!["ports"]![0]!["nodePort"]!.GetValue<int>(), 30000, 32767);
        Assert.Equal("Cluster", Objects.Str(lb["spec"]!["externalTrafficPolicy"]));
        var (code, _) = await _host.PostAsync(Services, Service("np-bad", s =>
        {
            s["type"] = "NodePort";
            s["ports"] = new JsonArray(new JsonObject { ["port"] = 80, ["nodePort"] = 80 });
        }));
        Assert.Equal(422, code);
    }

    [Fact]
    public async Task Updates_keep_allocations_and_deletion_releases_them()
    {
        var (_, svc) = await _host.PostAsync(Services, Service("keep", s => s["clusterIP"] = "10.96.200.200"));
        var put = svc!.DeepClone().AsObject();
        put["spec"]!.AsObject().Remove("clusterIP");
        put["spec"]!.AsObject().Remove("clusterIPs");
        put["metadata"]!["labels"] = new JsonObject { ["x"] = "y" };
        var (code, updated) = await _host.SendAsync(HttpMethod.Put, $"{Services}/keep", put.ToJsonString());
        Assert.Equal(200, code);
        Assert.Equal(["10.96.200.200"], Ips(updated!));

        await _host.SendAsync(HttpMethod.Delete, $"{Services}/keep");
        var (again, _) = await _host.PostAsync(Services, Service("reuse", s => s["clusterIP"] = "10.96.200.200"));
        Assert.Equal(201, again);
    }

    [Fact]
    public async Task The_kubernetes_service_exists_in_default()
    {
        var (code, svc) = await _host.GetAsync($"{Services}/kubernetes");
        Assert.Equal(200, code);
        Assert.Equal(443, svc!["spec"]!["ports"]![0]!["port"]!.GetValue<int>());
        Assert.Equal("10.96.0.1", Objects.Str(svc["spec"]!["clusterIP"]));
    }
}
