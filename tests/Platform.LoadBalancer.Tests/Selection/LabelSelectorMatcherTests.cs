using k8s.Models;
using Platform.LoadBalancer.Selection;

namespace Platform.LoadBalancer.Tests.Selection;

public class LabelSelectorMatcherTests
{
    private static V1LabelSelectorRequirement Expr(string key, string op, params string[] values) =>
        new() { Key = key, OperatorProperty = op, Values = values.Length == 0 ? null : values };

    [Fact]
    public void Matches_labels_and_every_operator_anded()
    {
        var selector = LabelSelectorMatcher.Compile(
            new V1LabelSelector
            {
                MatchLabels = new Dictionary<string, string> { ["app"] = "web" },
                MatchExpressions = [Expr("tier", "In", "a", "b"), Expr("env", "NotIn", "prod"), Expr("team", "Exists"), Expr("legacy", "DoesNotExist")],
            },
            out var errors);
        Assert.Empty(errors);
        Assert.True(selector.Matches(new Dictionary<string, string> { ["app"] = "web", ["tier"] = "a", ["team"] = "x" }));
        Assert.False(selector.Matches(new Dictionary<string, string> { ["app"] = "web", ["tier"] = "c", ["team"] = "x" }));
        Assert.False(selector.Matches(new Dictionary<string, string> { ["app"] = "web", ["tier"] = "a", ["team"] = "x", ["env"] = "prod" }));
        Assert.False(selector.Matches(new Dictionary<string, string> { ["app"] = "web", ["tier"] = "a" }));
        Assert.False(selector.Matches(new Dictionary<string, string> { ["app"] = "web", ["tier"] = "a", ["team"] = "x", ["legacy"] = "" }));
    }

    [Fact]
    public void Empty_selector_matches_everything_and_invalid_matches_nothing()
    {
        Assert.True(LabelSelectorMatcher.Compile(new V1LabelSelector(), out _).Matches(null));
        var invalid = LabelSelectorMatcher.Compile(new V1LabelSelector { MatchExpressions = [Expr("k", "Near", "x")] }, out var errors);
        Assert.Single(errors);
        Assert.False(invalid.Matches(new Dictionary<string, string> { ["k"] = "x" }));
    }

    [Theory]
    [InlineData("example.com/app", true)]
    [InlineData("app", true)]
    [InlineData("-app", false)]
    [InlineData("Example.com/app", false)]
    [InlineData("/app", false)]
    public void Validates_label_keys(string key, bool valid)
    {
        LabelSelectorMatcher.Compile(new V1LabelSelector { MatchLabels = new Dictionary<string, string> { [key] = "v" } }, out var errors);
        Assert.Equal(valid, errors.Count == 0);
    }
}
