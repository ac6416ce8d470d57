using System.Text;
using System.Text.Json.Nodes;
using Platform.Sandbox.Errors;
using Platform.Sandbox.Http.Protobuf;

namespace Platform.Sandbox.Http;

/// <summary>
/// Decodes the Kubernetes protobuf envelope (<c>k8s\0</c> + runtime.Unknown) into the same JSON the server
/// stores, for the kinds kubectl's typed generators send as protobuf (<see cref="ProtobufMessages"/>).
/// Field numbers are those of the upstream generated.proto files. Other kinds in protobuf are answered 415
/// with the JSON media types, as a server without protobuf support does; so is any field the sandbox
/// would otherwise have to drop.
/// </summary>
internal static class ProtobufObjectDecoder
{
    public const string MediaType = "application/vnd.kubernetes.protobuf";
    private static readonly byte[] Magic = [0x6b, 0x38, 0x73, 0x00];

    public static JsonObject Decode(byte[] body, string[] acceptedTypes)
    {
        if (body.Length < 4 || !body.AsSpan(0, 4).SequenceEqual(Magic))
        {
            throw ApiErrors.BadRequest("the protobuf body does not start with the Kubernetes envelope");
        }

        string apiVersion = "", kind = "";
        ReadOnlyMemory<byte> raw = ReadOnlyMemory<byte>.Empty;
        foreach (var field in WireReader.Read(body.AsMemory(4)))
        {
            switch (field.Number)
            {
                case 1 when field.WireType == WireField.LengthDelimitedType:
                    foreach (var meta in WireReader.Read(field.Bytes))
                    {
                        if (meta.WireType != WireField.LengthDelimitedType || meta.Number is not (1 or 2))
                        {
                            throw ApiErrors.BadRequest("malformed protobuf body: invalid TypeMeta");
                        }

                        var text = Encoding.UTF8.GetString(meta.Bytes.Span);
                        (apiVersion, kind) = meta.Number == 1 ? (text, kind) : (apiVersion, text);
                    }

                    break;
                case 2 when field.WireType == WireField.LengthDelimitedType:
                    raw = field.Bytes;
                    break;
                case 3 or 4 when field.WireType == WireField.LengthDelimitedType:
                    // contentEncoding / contentType of the raw bytes: only the plain protobuf encoding is understood.
                    if (!field.Bytes.IsEmpty && !(field.Number == 4 && Encoding.UTF8.GetString(field.Bytes.Span) == MediaType))
                    {
                        throw ApiErrors.UnsupportedMediaType(MediaType, acceptedTypes);
                    }

                    break;
                default:
                    throw ApiErrors.BadRequest("malformed protobuf body: invalid envelope");
            }
        }

        var message = ProtobufMessages.Root(apiVersion, kind) ?? throw ApiErrors.UnsupportedMediaType(MediaType, acceptedTypes);
        var decoded = MessageDecoder.Decode(message, raw, kind);
        var obj = new JsonObject { ["apiVersion"] = apiVersion, ["kind"] = kind };
        foreach (var (name, value) in decoded.ToList())
        {
            decoded.Remove(name);
            obj[name] = value;
        }

        return obj;
    }
}
