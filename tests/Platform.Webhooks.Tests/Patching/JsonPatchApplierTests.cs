using System.Text.Json.Nodes;
using Platform.Webhooks.Patching;

namespace Platform.Webhooks.Tests.Patching;

/// <summary>Examples from RFC 6902 appendix A, so the applier used by the property test is itself right.</summary>
public sealed class JsonPatchApplierTests
{
    [Theory]
    [InlineData("""{"foo":"bar"}""", """[{"op":"add","path":"/baz","value":"qux"}]""", """{"foo":"bar","baz":"qux"}""")]
    [InlineData("""{"foo":["bar","baz"]}""", """[{"op":"add","path":"/foo/1","value":"qux"}]""", """{"foo":["bar","qux","baz"]}""")]
    [InlineData("""{"baz":"qux","foo":"bar"}""", """[{"op":"remove","path":"/baz"}]""", """{"foo":"bar"}""")]
    [InlineData("""{"foo":["bar","qux","baz"]}""", """[{"op":"remove","path":"/foo/1"}]""", """{"foo":["bar","baz"]}""")]
    [InlineData("""{"baz":"qux","foo":"bar"}""", """[{"op":"replace","path":"/baz","value":"boo"}]""", """{"baz":"boo","foo":"bar"}""")]
    [InlineData("""{"foo":{"bar":"baz","waldo":"fred"},"qux":{"corge":"grault"}}""", """[{"op":"move","from":"/foo/waldo","path":"/qux/thud"}]""", """{"foo":{"bar":"baz"},"qux":{"corge":"grault","thud":"fred"}}""")]
    [InlineData("""{"foo":["all","grass","cows","eat"]}""", """[{"op":"move","from":"/foo/1","path":"/foo/3"}]""", """{"foo":["all","cows","eat","grass"]}""")]
    [InlineData("""{"baz":"qux","foo":["a",2,"c"]}""", """[{"op":"test","path":"/baz","value":"qux"},{"op":"test","path":"/foo/1","value":2}]""", """{"baz":"qux","foo":["a",2,"c"]}""")]
    [InlineData("""{"foo":"bar"}""", """[{"op":"add","path":"/child","value":{"grandchild":{}}}]""", """{"foo":"bar","child":{"grandchild":{}}}""")]
    [InlineData("""{"foo":["bar"]}""", """[{"op":"add","path":"/foo/-","value":["abc","def"]}]""", """{"foo":["bar",["abc","def"]]}""")]
    [InlineData("""{"/":9,"~1":10}""", """[{"op":"test","path":"/~01","value":10},{"op":"copy","from":"/~1","path":"/c"}]""", """{"/":9,"~1":10,"c":9}""")]
    public void Applies_the_RFC_examples(string document, string patch, string expected)
    {
        var result = JsonPatchApplier.Apply(JsonNode.Parse(document), JsonNode.Parse(patch)!.AsArray());

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), result), result?.ToJsonString());
    }

    [Theory]
    [InlineData("""{"foo":"bar"}""", """[{"op":"add","path":"/baz/bat","value":"qux"}]""")]
    [InlineData("""{"baz":"qux"}""", """[{"op":"test","path":"/baz","value":"bar"}]""")]
    [InlineData("""{"foo":[1]}""", """[{"op":"add","path":"/foo/5","value":2}]""")]
    [InlineData("""{"foo":[1]}""", """[{"op":"remove","path":"/foo/01"}]""")]
    [InlineData("""{"foo":1}""", """[{"op":"frobnicate","path":"/foo"}]""")]
    [InlineData("""{"foo":1}""", """[{"op":"remove","path":"foo"}]""")]
    [InlineData("""{"foo":{"a":1}}""", """[{"op":"move","from":"/foo","path":"/foo/a/b"}]""")]
    public void Rejects_operations_that_do_not_apply(string document, string patch)
    {
        var original = JsonNode.Parse(document);

        Assert.Throws<JsonPatchException>(() => JsonPatchApplier.Apply(original, JsonNode.Parse(patch)!.AsArray()));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(document), original));
    }
}
