using System.Text.Json.Nodes;
using Platform.Sandbox.Tests.Infrastructure;

namespace Platform.Sandbox.Tests;

/// <summary>ownerReference garbage collection and namespace deletion (Garbage Collection / Namespaces docs).</summary>
public sealed class GarbageCollectionTests : IClassFixture<SandboxHost>
{
    private const string ConfigMaps = "/api/v1/namespaces/default/configmaps";
    private readonly SandboxHost _host;

    public GarbageCollectionTests(SandboxHost host) => _host = host;

    private async Task<string> CreateOwnerAsync(string name, JsonArray? finalizers = null)
    {
        var owner = Objects.ConfigMap(name);
        if (finalizers is not null)
        {
            owner["metadata"]!["finalizers"] = finalizers;
        }

        var (_, created) = await _host.PostAsync(ConfigMaps, owner);
        return Objects.Str(created!["metadata"]!["uid"]);
    }

    private async Task CreateDependentAsync(string name, string ownerName, string ownerUid, JsonArray? finalizers = null)
    {
        var dep = Objects.ConfigMap(name);
        dep["metadata"]!["ownerReferences"] = new JsonArray(new JsonObject
        {
            ["apiVersion"] = "v1", ["kind"] = "ConfigMap", ["name"] = ownerName, ["uid"] = ownerUid, ["blockOwnerDeletion"] = true,
        });
        if (finalizers is not null)
        {
            dep["metadata"]!["finalizers"] = finalizers;
        }

        var (code, _) = await _host.PostAsync(ConfigMaps, dep);
        Assert.Equal(201, code);
    }

    private async Task<bool> EventuallyAsync(Func<Task<bool>> condition)
    {
        for (var i = 0; i < 200; i++)
        {
            if (await condition())
            {
                return true;
            }

            await Task.Delay(25);
        }

        return false;
    }

    private async Task<bool> ExistsAsync(string path) => (await _host.GetAsync(path)).Code == 200;

    [Fact]
    public async Task Background_propagation_deletes_dependents_after_the_owner()
    {
        var uid = await CreateOwnerAsync("bg-owner");
        await CreateDependentAsync("bg-dep", "bg-owner", uid);
        var (code, _) = await _host.SendAsync(HttpMethod.Delete, $"{ConfigMaps}/bg-owner");
        Assert.Equal(200, code);
        Assert.False(await ExistsAsync($"{ConfigMaps}/bg-owner"));
        Assert.True(await EventuallyAsync(async () => !await ExistsAsync($"{ConfigMaps}/bg-dep")));
    }

    [Fact]
    public async Task Foreground_propagation_keeps_the_owner_until_dependents_are_gone()
    {
        var uid = await CreateOwnerAsync("fg-owner");
        await CreateDependentAsync("fg-dep", "fg-owner", uid, new JsonArray("example.com/slow"));
        var (_, deleting) = await _host.SendAsync(HttpMethod.Delete, $"{ConfigMaps}/fg-owner",
            """{"kind":"DeleteOptions","apiVersion":"v1","propagationPolicy":"Foreground"}""");
        Assert.Contains("foregroundDeletion", deleting!["metadata"]!["finalizers"]!.AsArray().Select(f => f!.GetValue<string>()));
        Assert.True(await EventuallyAsync(async () => (await _host.GetAsync($"{ConfigMaps}/fg-dep")).Body?["metadata"]?["deletionTimestamp"] is not null));
        Assert.True(await ExistsAsync($"{ConfigMaps}/fg-owner"));

        await _host.SendAsync(HttpMethod.Patch, $"{ConfigMaps}/fg-dep", """{"metadata":{"finalizers":null}}""", "application/merge-patch+json");
        Assert.True(await EventuallyAsync(async () => !await ExistsAsync($"{ConfigMaps}/fg-owner")));
    }

    [Fact]
    public async Task Orphan_propagation_removes_the_owner_reference_and_keeps_dependents()
    {
        var uid = await CreateOwnerAsync("or-owner");
        await CreateDependentAsync("or-dep", "or-owner", uid);
        await _host.SendAsync(HttpMethod.Delete, $"{ConfigMaps}/or-owner?propagationPolicy=Orphan");
        Assert.True(await EventuallyAsync(async () => !await ExistsAsync($"{ConfigMaps}/or-owner")));
        var (code, dep) = await _host.GetAsync($"{ConfigMaps}/or-dep");
        Assert.Equal(200, code);
        Assert.Null(dep!["metadata"]!["ownerReferences"]);
    }

    [Fact]
    public async Task Namespace_deletion_removes_content_then_the_namespace()
    {
        await _host.PostAsync("/api/v1/namespaces", Objects.Namespace("doomed"));
        await _host.PostAsync("/api/v1/namespaces/doomed/configmaps", Objects.ConfigMap("inside"));
        var (code, ns) = await _host.SendAsync(HttpMethod.Delete, "/api/v1/namespaces/doomed");
        Assert.Equal(200, code);
        Assert.Equal("Terminating", Objects.Str(ns!["status"]!["phase"]));
        Assert.True(await EventuallyAsync(async () => !await ExistsAsync("/api/v1/namespaces/doomed")));
        Assert.False(await ExistsAsync("/api/v1/namespaces/doomed/configmaps/inside"));
    }

    [Fact]
    public async Task A_terminating_namespace_refuses_new_content_with_403()
    {
        await _host.PostAsync("/api/v1/namespaces", Objects.Namespace("closing"));
        var held = Objects.ConfigMap("held");
        held["metadata"]!["finalizers"] = new JsonArray("example.com/hold");
        await _host.PostAsync("/api/v1/namespaces/closing/configmaps", held);
        await _host.SendAsync(HttpMethod.Delete, "/api/v1/namespaces/closing");
        var (code, status) = await _host.PostAsync("/api/v1/namespaces/closing/configmaps", Objects.ConfigMap("late"));
        Assert.Equal(403, code);
        Assert.Contains("because it is being terminated", Objects.Str(status!["message"]));
        await _host.SendAsync(HttpMethod.Patch, "/api/v1/namespaces/closing/configmaps/held", """{"metadata":{"finalizers":null}}""", "application/merge-patch+json");
        Assert.True(await EventuallyAsync(async () => !await ExistsAsync("/api/v1/namespaces/closing")));
    }
}
