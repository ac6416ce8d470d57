using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Platform.Sandbox.Errors;

namespace Platform.Sandbox.Http.Protobuf;

/// <summary>
/// Turns a protobuf message into the JSON a client would have sent for the same Go object. Nothing is
/// dropped silently: a field number the message does not define, or content in a field the sandbox does
/// not decode, is refused with 415 so the client can resend as JSON.
/// </summary>
internal static class MessageDecoder
{
    public static JsonObject Decode(MessageType type, ReadOnlyMemory<byte> data, string path)
    {
        var obj = new JsonObject();
        foreach (var wire in WireReader.Read(data))
        {
            if (!type.Fields.TryGetValue(wire.Number, out var field))
            {
                throw Undecodable($"field number {wire.Number} of {type.Name} at {path}");
            }

            var at = $"{path}.{field.Name}";
            if (field.Unsupported)
            {
                // Go writes non-pointer struct fields even when empty; an empty one carries nothing.
                if (field.Repeated || field.Nullable || !wire.Bytes.IsEmpty || wire.WireType != WireField.LengthDelimitedType)
                {
                    throw Undecodable(at);
                }

                continue;
            }

            if (field.IsMap)
            {
                var map = obj[field.Name] as JsonObject ?? [];
                obj[field.Name] = map;
                var (key, value) = MapEntry(field, Expect(wire, WireField.LengthDelimitedType, at), at);
                map[key] = value;
                continue;
            }

            var node = Value(field, wire, at);
            if (field.Inline && node is JsonObject embedded)
            {
                foreach (var (name, value) in embedded.ToList())
                {
                    embedded.Remove(name);
                    obj[name] = value;
                }
            }
            else if (field.Repeated)
            {
                var items = obj[field.Name] as JsonArray ?? [];
                obj[field.Name] = items;
                items.Add(node);
            }
            else if (field.Nullable || !IsZero(node))
            {
                obj[field.Name] = node;
            }
            else
            {
                obj.Remove(field.Name);
            }
        }

        return obj;
    }

    private static JsonNode? Value(MessageField field, WireField wire, string at) => field.Kind switch
    {
        ValueKind.String => Encoding.UTF8.GetString(Expect(wire, WireField.LengthDelimitedType, at).Span),
        ValueKind.Bytes => Convert.ToBase64String(Expect(wire, WireField.LengthDelimitedType, at).Span),
        ValueKind.Int32 => (int)(long)ExpectVarint(wire, at),
        ValueKind.Int64 => (long)ExpectVarint(wire, at),
        ValueKind.Bool => ExpectVarint(wire, at) != 0,
        ValueKind.Time => Time(Expect(wire, WireField.LengthDelimitedType, at), at),
        ValueKind.IntOrString => IntOrString(Expect(wire, WireField.LengthDelimitedType, at), at),
        ValueKind.Quantity => Quantity(Expect(wire, WireField.LengthDelimitedType, at), at),
        _ => Decode(ProtobufMessages.All[field.MessageName!], Expect(wire, WireField.LengthDelimitedType, at), at),
    };

    private static (string Key, JsonNode? Value) MapEntry(MessageField field, ReadOnlyMemory<byte> entry, string at)
    {
        var key = "";
        JsonNode? value = null;
        foreach (var wire in WireReader.Read(entry))
        {
            switch (wire.Number)
            {
                case 1:
                    key = Encoding.UTF8.GetString(Expect(wire, WireField.LengthDelimitedType, at).Span);
                    break;
                case 2:
                    value = Value(field, wire, $"{at}[{key}]");
                    break;
                default:
                    throw Undecodable($"field number {wire.Number} of a map entry at {at}");
            }
        }

        // An absent value is the Go zero value of the map's element type.
        value ??= field.Kind switch
        {
            ValueKind.String or ValueKind.Bytes => "",
            ValueKind.Quantity => "0",
            _ => throw Undecodable(at),
        };
        return (key, value);
    }

    /// <summary>metav1.Time: an empty message is the zero time, which JSON leaves out.</summary>
    private static JsonNode? Time(ReadOnlyMemory<byte> message, string at)
    {
        long seconds = 0;
        foreach (var wire in WireReader.Read(message))
        {
            switch (wire.Number)
            {
                case 1:
                    seconds = (long)ExpectVarint(wire, at);
                    break;
                case 2:
                    // Nanoseconds: metav1.Time serializes to whole seconds in JSON.
                    ExpectVarint(wire, at);
                    break;
                default:
                    throw Undecodable($"field number {wire.Number} of Time at {at}");
            }
        }

        if (message.IsEmpty)
        {
            return null;
        }

        if (seconds < -62135596800 || seconds > 253402300799)
        {
            throw ApiErrors.BadRequest($"malformed protobuf body: time at {at} is out of range");
        }

        return DateTimeOffset.FromUnixTimeSeconds(seconds).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
    }

    /// <summary>intstr.IntOrString: type 0 is intVal (2), type 1 is strVal (3).</summary>
    private static JsonNode? IntOrString(ReadOnlyMemory<byte> message, string at)
    {
        long type = 0;
        var number = 0;
        var text = "";
        foreach (var wire in WireReader.Read(message))
        {
            switch (wire.Number)
            {
                case 1:
                    type = (long)ExpectVarint(wire, at);
                    break;
                case 2:
                    number = (int)(long)ExpectVarint(wire, at);
                    break;
                case 3:
                    text = Encoding.UTF8.GetString(Expect(wire, WireField.LengthDelimitedType, at).Span);
                    break;
                default:
                    throw Undecodable($"field number {wire.Number} of IntOrString at {at}");
            }
        }

        return type switch
        {
            0 => number,
            1 => text,
            _ => throw ApiErrors.BadRequest($"malformed protobuf body: IntOrString at {at} has type {type}"),
        };
    }

    private static JsonNode? Quantity(ReadOnlyMemory<byte> message, string at)
    {
        var text = "";
        foreach (var wire in WireReader.Read(message))
        {
            text = wire.Number == 1
                ? Encoding.UTF8.GetString(Expect(wire, WireField.LengthDelimitedType, at).Span)
                : throw Undecodable($"field number {wire.Number} of Quantity at {at}");
        }

        return text.Length == 0 ? "0" : text;
    }

    private static bool IsZero(JsonNode? node) => node switch
    {
        null => true,
        JsonObject o => o.Count == 0,
        JsonValue v when v.TryGetValue<string>(out var s) => s.Length == 0,
        JsonValue v when v.TryGetValue<bool>(out var b) => !b,
        JsonValue v when v.TryGetValue<long>(out var l) => l == 0,
        JsonValue v when v.TryGetValue<int>(out var i) => i == 0,
        _ => false,
    };

    private static ReadOnlyMemory<byte> Expect(WireField wire, int wireType, string at) =>
        wire.WireType == wireType ? wire.Bytes : throw ApiErrors.BadRequest($"malformed protobuf body: unexpected wire type {wire.WireType} at {at}");

    private static ulong ExpectVarint(WireField wire, string at) =>
        wire.WireType == WireField.VarintType ? wire.Varint : throw ApiErrors.BadRequest($"malformed protobuf body: unexpected wire type {wire.WireType} at {at}");

    private static ApiException Undecodable(string what) =>
        new(415, "UnsupportedMediaType",
            $"the sandbox cannot decode {what} from {ProtobufObjectDecoder.MediaType} without dropping it; send the object as application/json")
        {
            DetailsKind = ProtobufObjectDecoder.MediaType,
        };
}
