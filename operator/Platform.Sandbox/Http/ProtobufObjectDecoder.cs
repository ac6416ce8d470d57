using System.Text;
using System.Text.Json.Nodes;
using Platform.Sandbox.Errors;

namespace Platform.Sandbox.Http;

/// <summary>
/// Decodes the Kubernetes protobuf envelope (<c>k8s\0</c> + runtime.Unknown) for the few kinds kubectl's
/// generators send as protobuf (<c>kubectl create namespace|configmap|secret|serviceaccount</c>), into the
/// same JSON the server stores. Field numbers are those of the upstream generated.proto files. Other kinds
/// in protobuf are answered 415 with the JSON media types, as a server without protobuf support does.
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
        byte[] raw = [];
        foreach (var (field, value) in Fields(body.AsSpan(4).ToArray()))
        {
            switch (field)
            {
                case 1 when value is byte[] typeMeta:
                    foreach (var (f, v) in Fields(typeMeta))
                    {
                        if (f == 1 && v is byte[] a)
                        {
                            apiVersion = Encoding.UTF8.GetString(a);
                        }
                        else if (f == 2 && v is byte[] k)
                        {
                            kind = Encoding.UTF8.GetString(k);
                        }
                    }

                    break;
                case 2 when value is byte[] r:
                    raw = r;
                    break;
            }
        }

        JsonObject obj = (apiVersion, kind) switch
        {
            ("v1", "Namespace") => Namespace(raw),
            ("v1", "ConfigMap") => ConfigMap(raw),
            ("v1", "Secret") => Secret(raw),
            ("v1", "ServiceAccount") => ServiceAccount(raw),
            _ => throw ApiErrors.UnsupportedMediaType(MediaType, acceptedTypes),
        };
        obj["apiVersion"] = apiVersion;
        obj["kind"] = kind;
        return obj;
    }

    private static JsonObject Namespace(byte[] raw)
    {
        var obj = new JsonObject();
        foreach (var (f, v) in Fields(raw))
        {
            if (f == 1 && v is byte[] meta)
            {
                obj["metadata"] = ObjectMeta(meta);
            }
            else if (f == 2 && v is byte[] spec)
            {
                var finalizers = new JsonArray([.. Fields(spec).Where(x => x.Field == 1 && x.Value is byte[]).Select(x => (JsonNode?)Text(x.Value))]);
                obj["spec"] = finalizers.Count == 0 ? new JsonObject() : new JsonObject { ["finalizers"] = finalizers };
            }
        }

        return obj;
    }

    private static JsonObject ConfigMap(byte[] raw)
    {
        var obj = new JsonObject();
        foreach (var (f, v) in Fields(raw))
        {
            switch (f)
            {
                case 1 when v is byte[] meta:
                    obj["metadata"] = ObjectMeta(meta);
                    break;
                case 2 when v is byte[] entry:
                    AddEntry(obj, "data", entry, binary: false);
                    break;
                case 3 when v is byte[] entry:
                    AddEntry(obj, "binaryData", entry, binary: true);
                    break;
                case 4 when v is ulong b:
                    obj["immutable"] = b != 0;
                    break;
            }
        }

        return obj;
    }

    private static JsonObject Secret(byte[] raw)
    {
        var obj = new JsonObject();
        foreach (var (f, v) in Fields(raw))
        {
            switch (f)
            {
                case 1 when v is byte[] meta:
                    obj["metadata"] = ObjectMeta(meta);
                    break;
                case 2 when v is byte[] entry:
                    AddEntry(obj, "data", entry, binary: true);
                    break;
                case 3 when v is byte[] type:
                    SetText(obj, "type", type);
                    break;
                case 4 when v is byte[] entry:
                    AddEntry(obj, "stringData", entry, binary: false);
                    break;
                case 5 when v is ulong b:
                    obj["immutable"] = b != 0;
                    break;
            }
        }

        return obj;
    }

    private static JsonObject ServiceAccount(byte[] raw)
    {
        var obj = new JsonObject();
        foreach (var (f, v) in Fields(raw))
        {
            switch (f)
            {
                case 1 when v is byte[] meta:
                    obj["metadata"] = ObjectMeta(meta);
                    break;
                case 3 when v is byte[] reference:
                    var pulls = obj["imagePullSecrets"] as JsonArray ?? [];
                    obj["imagePullSecrets"] = pulls;
                    pulls.Add(new JsonObject { ["name"] = Fields(reference).Where(x => x.Field == 1).Select(x => Text(x.Value)).FirstOrDefault() ?? "" });
                    break;
                case 4 when v is ulong b:
                    obj["automountServiceAccountToken"] = b != 0;
                    break;
            }
        }

        return obj;
    }

    private static JsonObject ObjectMeta(byte[] raw)
    {
        var meta = new JsonObject();
        foreach (var (f, v) in Fields(raw))
        {
            switch (f)
            {
                case 1 when v is byte[] s:
                    SetText(meta, "name", s);
                    break;
                case 2 when v is byte[] s:
                    SetText(meta, "generateName", s);
                    break;
                case 3 when v is byte[] s:
                    SetText(meta, "namespace", s);
                    break;
                case 6 when v is byte[] s:
                    SetText(meta, "resourceVersion", s);
                    break;
                case 11 when v is byte[] entry:
                    AddEntry(meta, "labels", entry, binary: false);
                    break;
                case 12 when v is byte[] entry:
                    AddEntry(meta, "annotations", entry, binary: false);
                    break;
                case 14 when v is byte[] s:
                    var finalizers = meta["finalizers"] as JsonArray ?? [];
                    meta["finalizers"] = finalizers;
                    finalizers.Add(Encoding.UTF8.GetString(s));
                    break;
            }
        }

        return meta;
    }

    private static void AddEntry(JsonObject target, string field, byte[] entry, bool binary)
    {
        var map = target[field] as JsonObject ?? [];
        target[field] = map;
        string key = "";
        byte[] value = [];
        foreach (var (f, v) in Fields(entry))
        {
            if (f == 1 && v is byte[] k)
            {
                key = Encoding.UTF8.GetString(k);
            }
            else if (f == 2 && v is byte[] val)
            {
                value = val;
            }
        }

        map[key] = binary ? Convert.ToBase64String(value) : Encoding.UTF8.GetString(value);
    }

    /// <summary>Protobuf cannot tell an empty string from an unset one; unset is what clients mean.</summary>
    private static void SetText(JsonObject target, string field, byte[] value)
    {
        if (value.Length > 0)
        {
            target[field] = Encoding.UTF8.GetString(value);
        }
    }

    private static string Text(object value) => value is byte[] b ? Encoding.UTF8.GetString(b) : "";

    /// <summary>The fields of one message: varints as ulong, length-delimited as bytes; fixed-width skipped.</summary>
    private static List<(int Field, object Value)> Fields(byte[] data)
    {
        var result = new List<(int, object)>();
        var i = 0;
        while (i < data.Length)
        {
            var tag = Varint(data, ref i);
            var field = (int)(tag >> 3);
            switch (tag & 7)
            {
                case 0:
                    result.Add((field, Varint(data, ref i)));
                    break;
                case 1:
                    i += 8;
                    break;
                case 2:
                    var length = (int)Varint(data, ref i);
                    if (length < 0 || i + length > data.Length)
                    {
                        throw ApiErrors.BadRequest("truncated protobuf body");
                    }

                    result.Add((field, data.AsSpan(i, length).ToArray()));
                    i += length;
                    break;
                case 5:
                    i += 4;
                    break;
                default:
                    throw ApiErrors.BadRequest("malformed protobuf body");
            }
        }

        return result;
    }

    private static ulong Varint(byte[] data, ref int i)
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
