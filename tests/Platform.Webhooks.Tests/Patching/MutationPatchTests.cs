using System.Text.Json;
using System.Text.Json.Nodes;
using Platform.Webhooks.Endpoints;
using Platform.Webhooks.Patching;
using Platform.Webhooks.Tests.Support;

namespace Platform.Webhooks.Tests.Patching;

/// <summary>The patch a mutation returns applies to the object exactly as the API server sent it.</summary>
public sealed class MutationPatchTests
{
    [Fact]
    public void Fields_the_entity_does_not_model_survive_the_patch()
    {
        var raw = JsonNode.Parse("""{"apiVersion":"test.platform.io/v1","kind":"Widget","metadata":{"name":"w","uid":"1"},"spec":{"size":0,"colour":"red"},"status":{"x":1}}""")!;

        var patch = MutationEndpoint<Widget>.PatchFor(Element(raw), """{"spec":{"size":0}}""", """{"spec":{"size":1}}""");

        Assert.Equal("""[{"op":"replace","path":"/spec/size","value":1}]""", patch.ToJsonString());
    }

    [Fact]
    public void Structure_the_raw_object_lacks_is_created_when_the_typed_diff_does_not_fit()
    {
        // The typed form always has a spec; the object as sent has none, so "replace /spec/size" cannot apply.
        var raw = JsonNode.Parse("""{"apiVersion":"test.platform.io/v1","kind":"Widget","metadata":{"name":"w"}}""")!;
        const string typedBefore = """{"apiVersion":"test.platform.io/v1","kind":"Widget","metadata":{"name":"w"},"spec":{"size":0}}""";
        const string typedAfter = """{"apiVersion":"test.platform.io/v1","kind":"Widget","metadata":{"name":"w"},"spec":{"size":1}}""";

        var patch = MutationEndpoint<Widget>.PatchFor(Element(raw), typedBefore, typedAfter);
        var patched = JsonPatchApplier.Apply(raw, patch)!;

        Assert.Equal(1, patched["spec"]!["size"]!.GetValue<int>());
        Assert.Equal("w", patched["metadata"]!["name"]!.GetValue<string>());
    }

    private static JsonElement Element(JsonNode node) => JsonDocument.Parse(node.ToJsonString()).RootElement.Clone();
}
