using System.Text.Json.Nodes;
using Platform.Sandbox.Admission;

namespace Platform.Sandbox.Tests.Admission;

public sealed class JsonPatchApplierTests
{
    // RFC 6902 appendix A examples and pointer escaping.
    [Theory]
    [InlineData("""{"foo":"bar"}""", """[{"op":"add","path":"/baz","value":"qux"}]""", """{"foo":"bar","baz":"qux"}""")]
    [InlineData("""{"foo":["bar","baz"]}""", """[{"op":"add","path":"/foo/1","value":"qux"}]""", """{"foo":["bar","qux","baz"]}""")]
    [InlineData("""{"foo":["bar"]}""", """[{"op":"add","path":"/foo/-","value":"end"}]""", """{"foo":["bar","end"]}""")]
    [InlineData("""{"baz":"qux","foo":"bar"}""", """[{"op":"remove","path":"/baz"}]""", """{"foo":"bar"}""")]
    [InlineData("""{"foo":["bar","qux","baz"]}""", """[{"op":"remove","path":"/foo/1"}]""", """{"foo":["bar","baz"]}""")]
    [InlineData("""{"baz":"qux","foo":"bar"}""", """[{"op":"replace","path":"/baz","value":"boo"}]""", """{"baz":"boo","foo":"bar"}""")]
    [InlineData("""{"foo":{"bar":"baz","waldo":"fred"},"qux":{"corge":"grault"}}""", """[{"op":"move","from":"/foo/waldo","path":"/qux/thud"}]""", """{"foo":{"bar":"baz"},"qux":{"corge":"grault","thud":"fred"}}""")]
    [InlineData("""{"foo":["all","grass","cows","eat"]}""", """[{"op":"move","from":"/foo/1","path":"/foo/3"}]""", """{"foo":["all","cows","eat","grass"]}""")]
    [InlineData("""{"a":{"b":1}}""", """[{"op":"copy","from":"/a","path":"/c"}]""", """{"a":{"b":1},"c":{"b":1}}""")]
    [InlineData("""{"baz":"qux"}""", """[{"op":"test","path":"/baz","value":"qux"},{"op":"add","path":"/ok","value":true}]""", """{"baz":"qux","ok":true}""")]
    [InlineData("""{"metadata":{"annotations":{}}}""", """[{"op":"add","path":"/metadata/annotations/sidecar.istio.io~1status","value":"x"},{"op":"add","path":"/m~0n","value":1}]""", """{"metadata":{"annotations":{"sidecar.istio.io/status":"x"}},"m~n":1}""")]
    [InlineData("""{"foo":"bar"}""", """[{"op":"add","path":"/child","value":{"grandchild":{}}}]""", """{"foo":"bar","child":{"grandchild":{}}}""")]
    public void Operations_apply_as_RFC_6902_specifies(string document, string patch, string expected)
    {
        var result = JsonPatchApplier.Apply(JsonNode.Parse(document), patch);

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), result), result?.ToJsonString());
    }

    [Theory]
    [InlineData("""{"baz":"qux"}""", """[{"op":"test","path":"/baz","value":"bar"}]""")]
    [InlineData("""{"foo":"bar"}""", """[{"op":"add","path":"/baz/bat","value":"qux"}]""")]
    [InlineData("""{"foo":"bar"}""", """[{"op":"remove","path":"/missing"}]""")]
    [InlineData("""{"foo":[1]}""", """[{"op":"add","path":"/foo/5","value":2}]""")]
    [InlineData("""{"foo":[1]}""", """[{"op":"replace","path":"/foo/01","value":2}]""")]
    [InlineData("""{"foo":"bar"}""", """[{"op":"frobnicate","path":"/foo"}]""")]
    [InlineData("""{"foo":"bar"}""", """[{"op":"add","path":"/x"}]""")]
    [InlineData("""{"foo":"bar"}""", """{"op":"add"}""")]
    [InlineData("""{"a":{"b":{}}}""", """[{"op":"move","from":"/a","path":"/a/b/c"}]""")]
    public void Invalid_patches_fail_without_touching_the_input(string document, string patch)
    {
        var input = JsonNode.Parse(document);

        Assert.Throws<JsonPatchException>(() => JsonPatchApplier.Apply(input, patch));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(document), input));
    }
}
