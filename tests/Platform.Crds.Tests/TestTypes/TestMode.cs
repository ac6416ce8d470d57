using System.Text.Json.Serialization;

namespace Platform.Crds.Tests.TestTypes;

public enum TestMode
{
    [JsonStringEnumMemberName("first-mode")]
    First,
    Second,
}
