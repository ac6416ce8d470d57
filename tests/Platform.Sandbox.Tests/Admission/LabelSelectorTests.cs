using System.Text.Json.Nodes;
using Platform.Sandbox.Semantics;

namespace Platform.Sandbox.Tests.Admission;

public sealed class LabelSelectorTests
{
    [Theory]
    [InlineData("""{}""", """{}""", true)]
    [InlineData("""{"matchLabels":{"app":"web"}}""", """{"app":"web","tier":"x"}""", true)]
    [InlineData("""{"matchLabels":{"app":"web"}}""", """{"app":"db"}""", false)]
    [InlineData("""{"matchExpressions":[{"key":"env","operator":"In","values":["prod","stage"]}]}""", """{"env":"stage"}""", true)]
    [InlineData("""{"matchExpressions":[{"key":"env","operator":"In","values":["prod"]}]}""", """{}""", false)]
    [InlineData("""{"matchExpressions":[{"key":"env","operator":"NotIn","values":["prod"]}]}""", """{}""", true)]
    [InlineData("""{"matchExpressions":[{"key":"env","operator":"NotIn","values":["prod"]}]}""", """{"env":"prod"}""", false)]
    [InlineData("""{"matchExpressions":[{"key":"inject","operator":"Exists"}]}""", """{"inject":""}""", true)]
    [InlineData("""{"matchExpressions":[{"key":"inject","operator":"DoesNotExist"}]}""", """{"inject":"x"}""", false)]
    [InlineData("""{"matchLabels":{"a":"1"},"matchExpressions":[{"key":"b","operator":"Exists"}]}""", """{"a":"1"}""", false)]
    public void Selector_requirements_are_ANDed(string selector, string labels, bool expected)
    {
        var parsed = LabelSelector.FromJson(JsonNode.Parse(selector));
        var labelMap = JsonNode.Parse(labels)!.AsObject().ToDictionary(p => p.Key, p => p.Value!.GetValue<string>());

        Assert.Equal(expected, parsed.Matches(labelMap));
    }

    [Fact]
    public void Null_selector_matches_everything() =>
        Assert.True(LabelSelector.FromJson(null).Matches(new Dictionary<string, string> { ["a"] = "b" }));

    [Theory]
    [InlineData("""{"matchExpressions":[{"key":"a","operator":"Equals","values":["x"]}]}""")]
    [InlineData("""{"matchExpressions":[{"key":"a","operator":"In"}]}""")]
    [InlineData("""{"matchExpressions":[{"key":"a","operator":"Exists","values":["x"]}]}""")]
    public void Malformed_selectors_are_rejected(string selector) =>
        Assert.Throws<FormatException>(() => LabelSelector.FromJson(JsonNode.Parse(selector)));
}
