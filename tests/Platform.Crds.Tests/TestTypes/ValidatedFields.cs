using Platform.Operator.Abstractions.Entities.Attributes;

namespace Platform.Crds.Tests.TestTypes;

[ValidationRule("has(self.start) == has(self.end)", message: "start and end go together")]
public sealed class ValidatedFields
{
    public int? Start { get; set; }

    public int? End { get; set; }

    [ValidationRule("self != '*'", fieldPath: ".host", message: "hostname cannot be wildcard", messageExpression: "'bad: ' + self", reason: "FieldValueInvalid")]
    [ValidationRule("size(self) <= 253")]
    public string Host { get; set; } = "";
}
