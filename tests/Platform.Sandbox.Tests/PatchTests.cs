using System.Text.Json.Nodes;
using Platform.Sandbox.Tests.Infrastructure;

namespace Platform.Sandbox.Tests;

/// <summary>PATCH content types (API concepts: patch operations) and server-side apply.</summary>
public sealed class PatchTests : IClassFixture<SandboxHost>
{
    private const string Pods = "/api/v1/namespaces/default/pods";
    private const string ConfigMaps = "/api/v1/namespaces/default/configmaps";
    private readonly SandboxHost _host;

    public PatchTests(SandboxHost host) => _host = host;

    private Task<(int Code, JsonObject? Body)> Patch(string path, string patch, string type) => _host.SendAsync(HttpMethod.Patch, path, patch, type);

    [Fact]
    public async Task Json_merge_patch_merges_maps_and_null_deletes()
    {
        await _host.PostAsync(ConfigMaps, Objects.ConfigMap("mp", data: new JsonObject { ["a"] = "1", ["b"] = "2" }));
        var (code, cm) = await Patch($"{ConfigMaps}/mp", """{"data":{"a":null,"c":"3"}}""", "application/merge-patch+json");
        Assert.Equal(200, code);
        Assert.Equal("""{"b":"2","c":"3"}""", cm!["data"]!.ToJsonString());
    }

    [Fact]
    public async Task Json_patch_applies_operations_in_order_and_a_failed_test_is_422()
    {
        await _host.PostAsync(ConfigMaps, Objects.ConfigMap("jp", data: new JsonObject { ["a"] = "1" }));
        var (code, cm) = await Patch($"{ConfigMaps}/jp", """[{"op":"test","path":"/data/a","value":"1"},{"op":"add","path":"/data/b","value":"2"},{"op":"remove","path":"/data/a"}]""", "application/json-patch+json");
        Assert.Equal(200, code);
        Assert.Equal("""{"b":"2"}""", cm!["data"]!.ToJsonString());
        var (failed, status) = await Patch($"{ConfigMaps}/jp", """[{"op":"test","path":"/data/b","value":"nope"}]""", "application/json-patch+json");
        Assert.Equal(422, failed);
        Assert.Equal("Invalid", Objects.Str(status!["reason"]));
    }

    [Fact]
    public async Task Strategic_merge_patch_merges_containers_by_name_and_honours_delete_directives()
    {
        var pod = Objects.Pod("smp");
        pod["spec"]!["containers"]!.AsArray().Add(new JsonObject { ["name"] = "side", ["image"] = "busybox:1" });
        pod["metadata"]!["finalizers"] = new JsonArray("a/one");
        await _host.PostAsync(Pods, pod);

        var (code, patched) = await Patch($"{Pods}/smp", """
            {"metadata":{"finalizers":["b/two"]},
             "spec":{"containers":[{"name":"app","image":"nginx:1.28"},{"name":"side","$patch":"delete"}]}}
            """, "application/strategic-merge-patch+json");
        Assert.Equal(200, code);
        var containers = patched!["spec"]!["containers"]!.AsArray();
        var app = Assert.Single(containers);
        Assert.Equal("nginx:1.28", Objects.Str(app!["image"]));
        Assert.Equal("File", Objects.Str(app["terminationMessagePolicy"]));
        Assert.Equal(["a/one", "b/two"], patched["metadata"]!["finalizers"]!.AsArray().Select(f => f!.GetValue<string>()));
    }

    [Fact]
    public async Task Strategic_merge_patch_replace_directive_and_primitive_list_deletion()
    {
        var cm = Objects.ConfigMap("smp2", data: new JsonObject { ["a"] = "1", ["b"] = "2" });
        cm["metadata"]!["finalizers"] = new JsonArray("x/1", "x/2");
        await _host.PostAsync(ConfigMaps, cm);
        var (_, patched) = await Patch($"{ConfigMaps}/smp2", """
            {"data":{"$patch":"replace","c":"3"},"metadata":{"$deleteFromPrimitiveList/finalizers":["x/1"]}}
            """, "application/strategic-merge-patch+json");
        Assert.Equal("""{"c":"3"}""", patched!["data"]!.ToJsonString());
        Assert.Equal(["x/2"], patched["metadata"]!["finalizers"]!.AsArray().Select(f => f!.GetValue<string>()));
    }

    [Fact]
    public async Task Server_side_apply_creates_records_managed_fields_and_removes_fields_the_manager_dropped()
    {
        const string first = """
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: ssa
              labels: {owner: me}
            data:
              keep: "1"
              drop: "2"
            """;
        var (created, obj) = await Patch($"{ConfigMaps}/ssa?fieldManager=tester", first, "application/apply-patch+yaml");
        Assert.Equal(201, created);
        var entry = obj!["metadata"]!["managedFields"]!.AsArray().Single(e => Objects.Str(e!["manager"]) == "tester")!;
        Assert.Equal("Apply", Objects.Str(entry["operation"]));
        Assert.NotNull(entry["fieldsV1"]!["f:data"]!["f:drop"]);

        // Another writer's field survives; the field this manager no longer applies is removed.
        await Patch($"{ConfigMaps}/ssa", """{"data":{"other":"x"}}""", "application/merge-patch+json");
        var (code, updated) = await Patch($"{ConfigMaps}/ssa?fieldManager=tester", first.Replace("  drop: \"2\"", "", StringComparison.Ordinal), "application/apply-patch+yaml");
        Assert.Equal(200, code);
        Assert.Equal("""{"keep":"1","other":"x"}""", updated!["data"]!.ToJsonString());
    }

    [Fact]
    public async Task Apply_without_a_field_manager_is_422_invalid_patch_options()
    {
        var (code, status) = await Patch($"{ConfigMaps}/ssa-nofm", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ssa-nofm\n", "application/apply-patch+yaml");
        Assert.Equal(422, code);
        Assert.Equal("PatchOptions.meta.k8s.io \"\" is invalid: fieldManager: Required value: is required for apply patch", Objects.Str(status!["message"]));
    }

    [Fact]
    public async Task Unknown_patch_content_type_is_415()
    {
        await _host.PostAsync(ConfigMaps, Objects.ConfigMap("p415"));
        var (code, status) = await Patch($"{ConfigMaps}/p415", "{}", "application/x-unknown-patch");
        Assert.Equal(415, code);
        Assert.Equal("UnsupportedMediaType", Objects.Str(status!["reason"]));
    }

    [Fact]
    public async Task Patching_a_missing_object_is_404()
    {
        var (code, status) = await Patch($"{ConfigMaps}/missing", """{"data":{}}""", "application/merge-patch+json");
        Assert.Equal(404, code);
        Assert.Equal("configmaps \"missing\" not found", Objects.Str(status!["message"]));
    }

    [Fact]
    public async Task Concurrent_patches_are_all_applied()
    {
        await _host.PostAsync(ConfigMaps, Objects.ConfigMap("race", data: new JsonObject()));
        await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Patch($"{ConfigMaps}/race", "{\"data\":{\"k" + i + "\":\"v\"}}", "application/merge-patch+json")));
        var (_, cm) = await _host.GetAsync($"{ConfigMaps}/race");
        Assert.Equal(20, cm!["data"]!.AsObject().Count);
    }
}
