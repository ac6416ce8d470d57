using Platform.Registry.Validation;

namespace Platform.Registry.Tests.Validation;

public sealed class GoTextTests
{
    [Theory]
    [InlineData("abc", "\"abc\"")]
    [InlineData("a\"b", "\"a\\\"b\"")]
    [InlineData("a\\b", "\"a\\\\b\"")]
    [InlineData("a\nb", "\"a\\nb\"")]
    [InlineData("\u0001", "\"\\x01\"")]
    [InlineData("é", "\"é\"")]
    public void Quotes_like_Go_percent_q(string value, string quoted) => Assert.Equal(quoted, GoText.Quote(value));

    [Theory]
    [InlineData("123", true)]
    [InlineData("-1", true)]
    [InlineData("+7", true)]
    [InlineData("", false)]
    [InlineData("1a", false)]
    [InlineData("99999999999999999999", false)]
    public void Recognises_what_strconv_Atoi_parses(string value, bool number) => Assert.Equal(number, GoText.IsAtoiNumber(value));
}
