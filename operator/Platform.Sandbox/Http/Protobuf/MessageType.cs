using System.Collections.Frozen;
using System.Globalization;

namespace Platform.Sandbox.Http.Protobuf;

/// <summary>
/// A message of an upstream generated.proto, written as <c>"1 name string; 2 spec PodSpec?; 3 items []Item"</c>:
/// number, JSON name and type per field. Types: <c>string bytes int32 int64 bool Time IntOrString Quantity</c>,
/// <c>map&lt;string,T&gt;</c> or a message name; <c>[]</c> repeats, <c>?</c> marks a Go pointer field,
/// <c>^</c> an embedded Go struct (its fields are inlined in the JSON), <c>!</c> a field the sandbox refuses to decode.
/// </summary>
internal sealed class MessageType
{
    private MessageType(string name, FrozenDictionary<int, MessageField> fields)
    {
        Name = name;
        Fields = fields;
    }

    public string Name { get; }

    public FrozenDictionary<int, MessageField> Fields { get; }

    public static MessageType Parse(string name, string definition)
    {
        var fields = new Dictionary<int, MessageField>();
        foreach (var entry in definition.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = entry.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length != 3)
            {
                throw new FormatException($"{name}: field definition \"{entry}\" is not \"number name type\"");
            }

            var field = Field(int.Parse(parts[0], CultureInfo.InvariantCulture), parts[1], parts[2]);
            if (!fields.TryAdd(field.Number, field))
            {
                throw new FormatException($"{name}: field number {field.Number} is defined twice");
            }
        }

        return new MessageType(name, fields.ToFrozenDictionary());
    }

    private static MessageField Field(int number, string name, string type)
    {
        var nullable = type.EndsWith('?');
        type = type.TrimEnd('?');
        var unsupported = type.EndsWith('!');
        type = type.TrimEnd('!');
        var inline = type.EndsWith('^');
        type = type.TrimEnd('^');
        var repeated = type.StartsWith("[]", StringComparison.Ordinal);
        type = repeated ? type[2..] : type;
        var isMap = type.StartsWith("map<string,", StringComparison.Ordinal) && type.EndsWith('>');
        type = isMap ? type["map<string,".Length..^1] : type;
        var kind = type switch
        {
            "string" => ValueKind.String,
            "bytes" => ValueKind.Bytes,
            "int32" => ValueKind.Int32,
            "int64" => ValueKind.Int64,
            "bool" => ValueKind.Bool,
            "Time" => ValueKind.Time,
            "IntOrString" => ValueKind.IntOrString,
            "Quantity" => ValueKind.Quantity,
            _ => ValueKind.Message,
        };
        return new MessageField(number, name, kind)
        {
            MessageName = kind == ValueKind.Message ? type : null,
            Repeated = repeated,
            IsMap = isMap,
            Nullable = nullable,
            Unsupported = unsupported,
            Inline = inline,
        };
    }
}
