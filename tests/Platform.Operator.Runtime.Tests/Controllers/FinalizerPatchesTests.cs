using System.Text.Json.Nodes;
using k8s.Models;
using Platform.Operator.Runtime.Controllers;
using Platform.Testing.FakeApi;

namespace Platform.Operator.Runtime.Tests.Controllers;

public sealed class FinalizerPatchesTests
{
    [Fact]
    public void Adding_to_an_object_without_finalizers_creates_the_list_guarded_by_resource_version()
    {
        var patch = JsonNode.Parse(FinalizerPatches.Add(new V1ObjectMeta { ResourceVersion = "42" }, ["a/b"]))!.AsArray();

        var target = JsonNode.Parse("""{"metadata":{"resourceVersion":"42"}}""")!;
        var result = JsonPatchDocument.Apply(target, patch);
        Assert.Equal("""["a/b"]""", result["metadata"]!["finalizers"]!.ToJsonString());

        var stale = JsonNode.Parse("""{"metadata":{"resourceVersion":"43","finalizers":["other"]}}""")!;
        Assert.Throws<InvalidOperationException>(() => JsonPatchDocument.Apply(stale, patch));
    }

    [Fact]
    public void Adding_to_existing_finalizers_appends_and_keeps_others()
    {
        var patch = JsonNode.Parse(FinalizerPatches.Add(new V1ObjectMeta { Finalizers = ["x"] }, ["a/b"]))!.AsArray();
        var target = JsonNode.Parse("""{"metadata":{"finalizers":["x","y"]}}""")!;

        Assert.Equal("""["x","y","a/b"]""", JsonPatchDocument.Apply(target, patch)["metadata"]!["finalizers"]!.ToJsonString());
    }

    [Fact]
    public void Removing_tests_the_index_first()
    {
        var patch = JsonNode.Parse(FinalizerPatches.Remove(new V1ObjectMeta { Finalizers = ["x", "a/b"] }, "a/b"))!.AsArray();

        var same = JsonNode.Parse("""{"metadata":{"finalizers":["x","a/b"]}}""")!;
        Assert.Equal("""["x"]""", JsonPatchDocument.Apply(same, patch)["metadata"]!["finalizers"]!.ToJsonString());

        var shifted = JsonNode.Parse("""{"metadata":{"finalizers":["a/b","x"]}}""")!;
        Assert.Throws<InvalidOperationException>(() => JsonPatchDocument.Apply(shifted, patch));
    }
}
