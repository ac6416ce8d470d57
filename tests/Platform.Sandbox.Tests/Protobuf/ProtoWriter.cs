using System.Text;

namespace Platform.Sandbox.Tests.Protobuf;

/// <summary>Writes protobuf messages field by field, the way Go's generated marshallers lay them out.</summary>
public sealed class ProtoWriter
{
    private readonly MemoryStream _buffer = new();

    public ProtoWriter Varint(int field, long value)
    {
        Tag(field, 0);
        Raw((ulong)value);
        return this;
    }

    public ProtoWriter String(int field, string value) => Bytes(field, Encoding.UTF8.GetBytes(value));

    public ProtoWriter Bytes(int field, byte[] value)
    {
        Tag(field, 2);
        Raw((ulong)value.Length);
        _buffer.Write(value);
        return this;
    }

    public ProtoWriter Message(int field, Action<ProtoWriter> build)
    {
        var inner = new ProtoWriter();
        build(inner);
        return Bytes(field, inner.ToArray());
    }

    /// <summary>A map entry: key 1, value 2.</summary>
    public ProtoWriter Entry(int field, string key, string value) => Message(field, e => e.String(1, key).String(2, value));

    public ProtoWriter Fixed32(int field, uint value)
    {
        Tag(field, 5);
        _buffer.Write(BitConverter.GetBytes(value));
        return this;
    }

    public byte[] ToArray() => _buffer.ToArray();

    /// <summary>The Kubernetes envelope: <c>k8s\0</c>, then runtime.Unknown{typeMeta, raw, contentEncoding, contentType}.</summary>
    public static byte[] Envelope(string apiVersion, string kind, Action<ProtoWriter> build)
    {
        var envelope = new ProtoWriter()
            .Message(1, t => t.String(1, apiVersion).String(2, kind))
            .Message(2, build)
            .String(3, "")
            .String(4, "");
        return [0x6b, 0x38, 0x73, 0x00, .. envelope.ToArray()];
    }

    /// <summary>An ObjectMeta as Go writes it: every non-pointer field present, even when empty.</summary>
    public static Action<ProtoWriter> Meta(string name, params (string Key, string Value)[] labels) => m =>
    {
        m.String(1, name).String(2, "").String(3, "").String(4, "").String(5, "").String(6, "").Varint(7, 0).Bytes(8, []);
        foreach (var (key, value) in labels)
        {
            m.Entry(11, key, value);
        }
    };

    private void Tag(int field, int wireType) => Raw(((ulong)field << 3) | (uint)wireType);

    private void Raw(ulong value)
    {
        while (value >= 0x80)
        {
            _buffer.WriteByte((byte)(value | 0x80));
            value >>= 7;
        }

        _buffer.WriteByte((byte)value);
    }
}
