using Platform.Registry.Labels;

namespace Platform.Registry.Tests.Labels;

public sealed class LabelSyntaxTests
{
    [Fact]
    public void Valid_labels_produce_no_messages()
    {
        var labels = new Dictionary<string, string>
        {
            ["app"] = "web",
            ["security.istio.io/tlsMode"] = "istio",
            ["Example.COM/My_Key.v1"] = "",
            ["version"] = "v1.2_3-x",
        };

        Assert.Empty(LabelSyntax.Validate(labels));
    }

    [Theory]
    [InlineData("-app", "invalid tag key: \"-app\"")]
    [InlineData("a/b/c", "invalid tag key: \"a/b/c\"")]
    [InlineData("/name", "invalid tag key: \"/name\"")]
    [InlineData("bad_prefix.io/name", "invalid tag key: \"bad_prefix.io/name\"")]
    [InlineData("", "invalid tag key: \"\"")]
    public void Bad_keys_are_named(string key, string message) =>
        Assert.Equal([message], LabelSyntax.Validate(new Dictionary<string, string> { [key] = "v" }));

    [Fact]
    public void Key_name_longer_than_63_is_too_long()
    {
        var key = "example.com/" + new string('n', 64);

        Assert.Equal([$"invalid tag key: \"{key}\" (name is too long)"], LabelSyntax.Validate(new Dictionary<string, string> { [key] = "v" }));
    }

    [Fact]
    public void Key_prefix_longer_than_253_is_too_long()
    {
        var prefix = string.Join('.', Enumerable.Repeat(new string('p', 60), 5));
        var key = prefix + "/name";

        Assert.Equal([$"invalid tag key: \"{key}\" (DNS prefix is too long)"], LabelSyntax.Validate(new Dictionary<string, string> { [key] = "v" }));
    }

    [Theory]
    [InlineData("-v")]
    [InlineData("v-")]
    [InlineData("a b")]
    [InlineData("a/b")]
    public void Bad_values_are_named(string value) =>
        Assert.Equal([$"invalid tag value: \"{value}\""], LabelSyntax.Validate(new Dictionary<string, string> { ["k"] = value }));

    [Fact]
    public void Values_longer_than_63_are_accepted_like_Istio()
    {
        Assert.Empty(LabelSyntax.Validate(new Dictionary<string, string> { ["k"] = new string('v', 100) }));
    }
}
