using Platform.Sandbox.Errors;

namespace Platform.Sandbox.Http.Protobuf;

/// <summary>Splits one protobuf message into its wire fields; malformed input is a 400, never an exception escaping as 500.</summary>
internal static class WireReader
{
    public static List<WireField> Read(ReadOnlyMemory<byte> message)
    {
        var data = message.Span;
        var result = new List<WireField>();
        var i = 0;
        while (i < data.Length)
        {
            var tag = Varint(data, ref i);
            var number = tag >> 3;
            if (number is 0 or > int.MaxValue)
            {
                throw ApiErrors.BadRequest("malformed protobuf body: invalid field number");
            }

            var wireType = (int)(tag & 7);
            switch (wireType)
            {
                case WireField.VarintType:
                    result.Add(new WireField((int)number, wireType, Varint(data, ref i), ReadOnlyMemory<byte>.Empty));
                    break;
                case WireField.LengthDelimitedType:
                    var length = Varint(data, ref i);
                    if (length > (ulong)(data.Length - i))
                    {
                        throw ApiErrors.BadRequest("truncated protobuf body");
                    }

                    result.Add(new WireField((int)number, wireType, 0, message.Slice(i, (int)length)));
                    i += (int)length;
                    break;
                case 1:
                case 5:
                    // Fixed-width values never occur in the Kubernetes messages; kept so the decoder can name the field it rejects.
                    var width = wireType == 1 ? 8 : 4;
                    if (data.Length - i < width)
                    {
                        throw ApiErrors.BadRequest("truncated protobuf body");
                    }

                    result.Add(new WireField((int)number, wireType, 0, message.Slice(i, width)));
                    i += width;
                    break;
                default:
                    throw ApiErrors.BadRequest("malformed protobuf body: unsupported wire type");
            }
        }

        return result;
    }

    private static ulong Varint(ReadOnlySpan<byte> data, ref int i)
    {
        ulong value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            if (i >= data.Length)
            {
                throw ApiErrors.BadRequest("truncated protobuf body");
            }

            var b = data[i++];
            value |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return value;
            }
        }

        throw ApiErrors.BadRequest("malformed protobuf varint");
    }
}
