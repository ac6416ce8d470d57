using Platform.Registry.Visibility;

namespace Platform.Registry.Tests.Visibility;

public sealed class ExportToRulesTests
{
    [Theory]
    [InlineData("")]
    [InlineData(".")]
    [InlineData("*")]
    [InlineData("~")]
    [InlineData(".,other")]
    [InlineData("a,b,c")]
    public void Accepts_valid_lists(string exportTo) => Assert.Empty(ExportToRules.Validate("ns", Split(exportTo)));

    [Theory]
    [InlineData("a,a", "duplicate entries in exportTo for entry a")]
    [InlineData("ns,.", "duplicate entries in exportTo: . and current namespace ns")]
    [InlineData(".,ns", "duplicate entries in exportTo for entry ns")]
    [InlineData("*,a", "cannot have both public (*) and non-public exportTo values for a resource")]
    [InlineData("~,a", "cannot export service entry to no one (~) and someone")]
    [InlineData("Not_A_Label", "only .,*, or a valid DNS 1123 label is allowed as exportTo entry")]
    public void Rejects_with_Istios_message(string exportTo, string message) =>
        Assert.Contains(message, ExportToRules.Validate("ns", Split(exportTo)));

    [Fact]
    public void Repeated_none_is_a_duplicate_and_a_contradiction()
    {
        Assert.Equal(
            ["duplicate entries in exportTo for entry ~", "cannot export service entry to no one (~) and someone"],
            ExportToRules.Validate("ns", ["~", "~"]));
    }

    private static string[] Split(string commaSeparated) =>
        commaSeparated.Length == 0 ? [] : commaSeparated.Split(',');
}
