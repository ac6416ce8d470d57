using Platform.Identity.Policies;

namespace Platform.Identity.Tests.Policies;

public sealed class GoDurationTests
{
    [Theory]
    [InlineData("0", 0)]
    [InlineData("1h", 3600)]
    [InlineData("90m", 5400)]
    [InlineData("1h30m", 5400)]
    [InlineData("1.5h", 5400)]
    [InlineData("45s", 45)]
    [InlineData("1500ms", 1.5)]
    [InlineData("-1h", -3600)]
    [InlineData("2h0m0s", 7200)]
    public void Parses_go_durations(string text, double seconds)
    {
        Assert.True(GoDuration.TryParse(text, out var value));
        Assert.Equal(TimeSpan.FromSeconds(seconds), value);
    }

    [Theory]
    [InlineData("")]
    [InlineData("1")]
    [InlineData("h")]
    [InlineData("1d")]
    [InlineData("1h 30m")]
    [InlineData("one hour")]
    public void Rejects_anything_else(string text) => Assert.False(GoDuration.TryParse(text, out _));
}
