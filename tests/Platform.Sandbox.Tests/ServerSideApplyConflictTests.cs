using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Platform.Sandbox.Tests.Infrastructure;

namespace Platform.Sandbox.Tests;

/// <summary>
/// Field management and conflicts as https://kubernetes.io/docs/reference/using-api/server-side-apply/
/// describes them: managedFields entries per manager and operation, 409 conflicts with
/// FieldManagerConflict causes, shared ownership, force, removal of fields an applier stops applying,
/// and ownership transfer by update operations.
/// </summary>
public sealed class ServerSideApplyConflictTests : IClassFixture<SandboxHost>
{
    private const string ConfigMaps = "/api/v1/namespaces/default/configmaps";
    private const string Deployments = "/apis/apps/v1/namespaces/default/deployments";
    private readonly SandboxHost _host;

    public ServerSideApplyConflictTests(SandboxHost host) => _host = host;

    private static string ConfigMapYaml(string name, params (string Key, string Value)[] data)
    {
        var yaml = new StringBuilder($"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {name}\n");
        if (data.Length > 0)
        {
            yaml.Append("data:\n");
            foreach (var (k, v) in data)
            {
                yaml.Append($"  {k}: \"{v}\"\n");
            }
        }

        return yaml.ToString();
    }

    private Task<(int Code, JsonObject? Body)> Apply(string path, string yaml, string manager, bool force = false) =>
        _host.SendAsync(HttpMethod.Patch, $"{path}?fieldManager={manager}{(force ? "&force=true" : "")}", yaml, "application/apply-patch+yaml");

    private async Task<(int Code, JsonObject? Body)> Send(HttpMethod method, string path, string? body, string contentType, string? userAgent)
    {
        using var request = new HttpRequestMessage(method, path);
        if (userAgent is not null)
        {
            request.Headers.TryAddWithoutValidation("User-Agent", userAgent);
        }

        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8);
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }

        using var response = await _host.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text) as JsonObject);
    }

    private static List<JsonObject> Entries(JsonObject obj) =>
        (obj["metadata"]?["managedFields"] as JsonArray)?.OfType<JsonObject>().ToList() ?? [];

    private static JsonObject Entry(JsonObject obj, string manager, string operation) =>
        Assert.Single(Entries(obj), e => Objects.Str(e["manager"]) == manager && Objects.Str(e["operation"]) == operation);

    private static bool Owns(JsonObject obj, string manager, string operation, params string[] path)
    {
        var entry = Entries(obj).FirstOrDefault(e => Objects.Str(e["manager"]) == manager && Objects.Str(e["operation"]) == operation);
        JsonNode? node = entry?["fieldsV1"];
        foreach (var p in path)
        {
            node = node?[p];
        }

        return node is not null;
    }

    private async Task<JsonObject> Get(string path)
    {
        var (code, body) = await _host.GetAsync(path);
        Assert.Equal(200, code);
        return body!;
    }

    [Fact]
    public async Task Changing_a_field_another_applier_owns_is_a_409_Conflict_with_FieldManagerConflict_causes()
    {
        Assert.Equal(201, (await Apply($"{ConfigMaps}/c1", ConfigMapYaml("c1", ("color", "blue")), "team-a")).Code);

        var (code, status) = await Apply($"{ConfigMaps}/c1", ConfigMapYaml("c1", ("color", "red")), "team-b");

        Assert.Equal(409, code);
        Assert.Equal("Status", Objects.Str(status!["kind"]));
        Assert.Equal("Failure", Objects.Str(status["status"]));
        Assert.Equal("Conflict", Objects.Str(status["reason"]));
        Assert.Equal("Apply failed with 1 conflict: conflict with \"team-a\": .data.color", Objects.Str(status["message"]));
        var cause = Assert.Single(status["details"]!["causes"]!.AsArray())!;
        Assert.Equal("FieldManagerConflict", Objects.Str(cause["reason"]));
        Assert.Equal("conflict with \"team-a\"", Objects.Str(cause["message"]));
        Assert.Equal(".data.color", Objects.Str(cause["field"]));
        Assert.Equal("blue", Objects.Str((await Get($"{ConfigMaps}/c1"))["data"]!["color"]));
    }

    [Fact]
    public async Task Several_conflicts_are_counted_and_grouped_by_manager_in_the_message()
    {
        await Apply($"{ConfigMaps}/c2", ConfigMapYaml("c2", ("a", "1")), "mgr-a");
        await Apply($"{ConfigMaps}/c2", ConfigMapYaml("c2", ("b", "1"), ("c", "1")), "mgr-b");

        var (code, status) = await Apply($"{ConfigMaps}/c2", ConfigMapYaml("c2", ("a", "2"), ("b", "2"), ("c", "2")), "mgr-c");

        Assert.Equal(409, code);
        Assert.Equal("Apply failed with 3 conflicts: conflicts with \"mgr-a\":\n- .data.a\nconflicts with \"mgr-b\":\n- .data.b\n- .data.c",
            Objects.Str(status!["message"]));
        Assert.Equal([".data.a", ".data.b", ".data.c"], status["details"]!["causes"]!.AsArray().Select(c => Objects.Str(c!["field"])));
    }

    [Fact]
    public async Task Applying_the_same_value_shares_ownership_and_a_later_change_by_either_applier_conflicts()
    {
        await Apply($"{ConfigMaps}/c3", ConfigMapYaml("c3", ("shared", "x")), "one");
        var (code, obj) = await Apply($"{ConfigMaps}/c3", ConfigMapYaml("c3", ("shared", "x")), "two");

        Assert.Equal(200, code);
        Assert.True(Owns(obj!, "one", "Apply", "f:data", "f:shared"));
        Assert.True(Owns(obj!, "two", "Apply", "f:data", "f:shared"));

        var (changed, status) = await Apply($"{ConfigMaps}/c3", ConfigMapYaml("c3", ("shared", "y")), "one");
        Assert.Equal(409, changed);
        Assert.Equal("Apply failed with 1 conflict: conflict with \"two\": .data.shared", Objects.Str(status!["message"]));
    }

    [Fact]
    public async Task Force_overrides_the_value_and_removes_the_field_from_the_other_managers()
    {
        await Apply($"{ConfigMaps}/c4", ConfigMapYaml("c4", ("size", "small"), ("mine", "1")), "owner");

        var (code, obj) = await Apply($"{ConfigMaps}/c4", ConfigMapYaml("c4", ("size", "large")), "taker", force: true);

        Assert.Equal(200, code);
        Assert.Equal("large", Objects.Str(obj!["data"]!["size"]));
        Assert.True(Owns(obj, "taker", "Apply", "f:data", "f:size"));
        Assert.False(Owns(obj, "owner", "Apply", "f:data", "f:size"));
        Assert.True(Owns(obj, "owner", "Apply", "f:data", "f:mine"));
    }

    [Fact]
    public async Task A_field_the_applier_stops_applying_is_removed_unless_another_manager_owns_it()
    {
        await Apply($"{ConfigMaps}/c5", ConfigMapYaml("c5", ("solo", "1"), ("both", "2"), ("kept", "3")), "first");
        await Apply($"{ConfigMaps}/c5", ConfigMapYaml("c5", ("both", "2")), "second");

        var (code, obj) = await Apply($"{ConfigMaps}/c5", ConfigMapYaml("c5", ("kept", "3")), "first");

        Assert.Equal(200, code);
        Assert.Equal("""{"both":"2","kept":"3"}""", obj!["data"]!.ToJsonString());
        Assert.False(Owns(obj, "first", "Apply", "f:data", "f:both"));
        Assert.True(Owns(obj, "second", "Apply", "f:data", "f:both"));
    }

    [Fact]
    public async Task Update_operations_never_conflict_and_take_ownership_of_the_fields_they_change()
    {
        await Apply($"{ConfigMaps}/c6", ConfigMapYaml("c6", ("replicas", "3"), ("other", "x")), "deployer");

        var (code, obj) = await _host.SendAsync(HttpMethod.Patch, $"{ConfigMaps}/c6?fieldManager=autoscaler", """{"data":{"replicas":"5"}}""", "application/merge-patch+json");

        Assert.Equal(200, code);
        var update = Entry(obj!, "autoscaler", "Update");
        Assert.Equal("v1", Objects.Str(update["apiVersion"]));
        Assert.Equal("FieldsV1", Objects.Str(update["fieldsType"]));
        Assert.True(Owns(obj!, "autoscaler", "Update", "f:data", "f:replicas"));
        Assert.False(Owns(obj!, "deployer", "Apply", "f:data", "f:replicas"));
        Assert.True(Owns(obj!, "deployer", "Apply", "f:data", "f:other"));

        // The applier now conflicts with the updater, named with the version it used.
        var (conflict, status) = await Apply($"{ConfigMaps}/c6", ConfigMapYaml("c6", ("replicas", "3"), ("other", "x")), "deployer");
        Assert.Equal(409, conflict);
        Assert.Equal("Apply failed with 1 conflict: conflict with \"autoscaler\" using v1: .data.replicas", Objects.Str(status!["message"]));
    }

    [Fact]
    public async Task Create_put_and_patch_record_Update_entries_named_by_fieldManager_or_the_user_agent_prefix()
    {
        var (created, obj) = await Send(HttpMethod.Post, $"{ConfigMaps}?fieldManager=creator",
            Objects.ConfigMap("c7", data: new JsonObject { ["a"] = "1" }).ToJsonString(), "application/json", "kubectl/v1.32.4 (linux/amd64) kubernetes/abc");
        Assert.Equal(201, created);
        var entry = Entry(obj!, "creator", "Update");
        Assert.Equal("""{"f:data":{".":{},"f:a":{}}}""", entry["fieldsV1"]!.ToJsonString());
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", Objects.Str(entry["time"]));

        obj!["data"]!["b"] = "2";
        var (updated, afterPut) = await Send(HttpMethod.Put, $"{ConfigMaps}/c7", obj.ToJsonString(), "application/json", "my-tool/1.2 (linux)");
        Assert.Equal(200, updated);
        Assert.True(Owns(afterPut!, "my-tool", "Update", "f:data", "f:b"));
        Assert.False(Owns(afterPut!, "my-tool", "Update", "f:data", "f:a"));

        var (patched, afterPatch) = await Send(HttpMethod.Patch, $"{ConfigMaps}/c7?fieldManager=kubectl-patch", """{"data":{"a":"9"}}""", "application/strategic-merge-patch+json", null);
        Assert.Equal(200, patched);
        Assert.True(Owns(afterPatch!, "kubectl-patch", "Update", "f:data", "f:a"));
        Assert.False(Owns(afterPatch!, "creator", "Update", "f:data", "f:a"));
    }

    [Fact]
    public async Task Removing_a_field_with_an_update_drops_it_from_every_manager()
    {
        await Apply($"{ConfigMaps}/c8", ConfigMapYaml("c8", ("gone", "1"), ("stay", "2")), "applier");

        var (_, obj) = await _host.SendAsync(HttpMethod.Patch, $"{ConfigMaps}/c8?fieldManager=cleaner", """{"data":{"gone":null}}""", "application/merge-patch+json");

        Assert.False(Owns(obj!, "applier", "Apply", "f:data", "f:gone"));
        Assert.True(Owns(obj!, "applier", "Apply", "f:data", "f:stay"));
        Assert.DoesNotContain(Entries(obj!), e => Objects.Str(e["manager"]) == "cleaner");
    }

    [Fact]
    public async Task Status_subresource_writes_are_recorded_with_subresource_status_and_apply_there_ignores_spec()
    {
        const string deployment = """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: d1}
            spec:
              replicas: 2
              selector: {matchLabels: {app: d1}}
              template:
                metadata: {labels: {app: d1}}
                spec:
                  containers: [{name: app, image: "nginx:1.27"}]
            """;
        Assert.Equal(201, (await Apply($"{Deployments}/d1", deployment, "deployer")).Code);

        var (code, obj) = await _host.SendAsync(HttpMethod.Patch, $"{Deployments}/d1/status?fieldManager=controller", """{"status":{"replicas":2}}""", "application/merge-patch+json");
        Assert.Equal(200, code);
        var status = Entry(obj!, "controller", "Update");
        Assert.Equal("status", Objects.Str(status["subresource"]));
        Assert.Equal("""{"f:status":{"f:replicas":{}}}""", status["fieldsV1"]!.ToJsonString());

        var (applied, afterApply) = await Apply($"{Deployments}/d1/status", "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d1}\nspec: {replicas: 9}\nstatus: {readyReplicas: 1}\n", "reporter");
        Assert.Equal(200, applied);
        Assert.Equal(2, afterApply!["spec"]!["replicas"]!.GetValue<int>());
        var reporter = Entry(afterApply, "reporter", "Apply");
        Assert.Equal("status", Objects.Str(reporter["subresource"]));
        Assert.Equal("""{"f:status":{"f:readyReplicas":{}}}""", reporter["fieldsV1"]!.ToJsonString());
    }

    [Fact]
    public async Task Keyed_list_elements_are_owned_per_element_and_conflicts_name_the_element_path()
    {
        const string deployment = """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: d2}
            spec:
              selector: {matchLabels: {app: d2}}
              template:
                metadata: {labels: {app: d2}}
                spec:
                  containers: [{name: app, image: "nginx:1.27"}]
            """;
        var (_, created) = await Apply($"{Deployments}/d2", deployment, "deployer");
        Assert.True(Owns(created!, "deployer", "Apply", "f:spec", "f:template", "f:spec", "f:containers", "k:{\"name\":\"app\"}", "f:image"));

        var (code, status) = await Apply($"{Deployments}/d2", deployment.Replace("nginx:1.27", "nginx:1.28", StringComparison.Ordinal), "upgrader");

        Assert.Equal(409, code);
        Assert.Equal("Apply failed with 1 conflict: conflict with \"deployer\": .spec.template.spec.containers[name=\"app\"].image", Objects.Str(status!["message"]));
    }

    [Fact]
    public async Task A_dropped_field_nobody_else_owns_is_reset_to_its_default_and_a_dropped_list_element_is_removed()
    {
        const string deployment = """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: d3}
            spec:
              replicas: 3
              selector: {matchLabels: {app: d3}}
              template:
                metadata: {labels: {app: d3}}
                spec:
                  containers: [{name: app, image: "nginx:1.27"}, {name: side, image: "busybox:1"}]
            """;
        await Apply($"{Deployments}/d3", deployment, "deployer");

        var dropped = deployment.Replace("  replicas: 3\n", "", StringComparison.Ordinal).Replace(", {name: side, image: \"busybox:1\"}", "", StringComparison.Ordinal);
        var (code, obj) = await Apply($"{Deployments}/d3", dropped, "deployer");

        Assert.Equal(200, code);
        Assert.Equal(1, obj!["spec"]!["replicas"]!.GetValue<int>());
        Assert.Equal(["app"], obj["spec"]!["template"]!["spec"]!["containers"]!.AsArray().Select(c => Objects.Str(c!["name"])));
        Assert.False(Owns(obj, "deployer", "Apply", "f:spec", "f:replicas"));
    }

    [Fact]
    public async Task An_object_nested_near_the_json_depth_limit_is_stored_and_listed_with_its_managed_fields()
    {
        JsonNode nested = "leaf";
        for (var i = 0; i < 60; i++)
        {
            nested = new JsonObject { ["a"] = nested };
        }

        var cm = Objects.ConfigMap("deep");
        cm["extra"] = nested;

        var (code, created) = await _host.SendAsync(HttpMethod.Post, $"{ConfigMaps}?fieldManager=deep-writer", cm.ToJsonString());
        Assert.Equal(201, code);
        Assert.True(Owns(created!, "deep-writer", "Update", "f:extra", "f:a"));

        var (listed, list) = await _host.GetAsync(ConfigMaps);
        Assert.Equal(200, listed);
        Assert.Contains(list!["items"]!.AsArray(), o => Objects.Str(o!["metadata"]!["name"]) == "deep");
    }

    [Fact]
    public async Task Apply_requests_may_not_carry_managedFields()
    {
        var (code, status) = await Apply($"{ConfigMaps}/c9", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c9\n  managedFields: [{manager: x, operation: Apply}]\n", "m");

        Assert.Equal(400, code);
        Assert.Equal("metadata.managedFields must be nil", Objects.Str(status!["message"]));
    }

    [Fact]
    public async Task Force_on_a_non_apply_patch_and_an_overlong_field_manager_are_invalid_options()
    {
        await _host.PostAsync(ConfigMaps, Objects.ConfigMap("c10"));

        var (forced, status) = await _host.SendAsync(HttpMethod.Patch, $"{ConfigMaps}/c10?force=true", "{}", "application/merge-patch+json");
        Assert.Equal(422, forced);
        Assert.Equal("PatchOptions.meta.k8s.io \"\" is invalid: force: Forbidden: may not be specified for non-apply patch", Objects.Str(status!["message"]));

        var (tooLong, longStatus) = await _host.SendAsync(HttpMethod.Post, $"{ConfigMaps}?fieldManager={new string('m', 129)}", Objects.ConfigMap("c10b").ToJsonString());
        Assert.Equal(422, tooLong);
        Assert.Equal("CreateOptions.meta.k8s.io \"\" is invalid: fieldManager: Too long: may not be more than 128 bytes", Objects.Str(longStatus!["message"]));
    }

    [Fact]
    public async Task A_managedFields_list_with_one_empty_entry_clears_ownership_and_an_empty_list_keeps_it()
    {
        await Apply($"{ConfigMaps}/c11", ConfigMapYaml("c11", ("a", "1")), "keeper");

        var (_, kept) = await _host.SendAsync(HttpMethod.Patch, $"{ConfigMaps}/c11", """{"metadata":{"managedFields":[]}}""", "application/merge-patch+json");
        Assert.True(Owns(kept!, "keeper", "Apply", "f:data", "f:a"));

        var (code, cleared) = await _host.SendAsync(HttpMethod.Patch, $"{ConfigMaps}/c11", """{"metadata":{"managedFields":[{}]}}""", "application/merge-patch+json");
        Assert.Equal(200, code);
        Assert.Null(cleared!["metadata"]!["managedFields"]);

        // Nobody owns the field any more, so a new applier may change it.
        Assert.Equal(200, (await Apply($"{ConfigMaps}/c11", ConfigMapYaml("c11", ("a", "2")), "newcomer")).Code);
    }
}
