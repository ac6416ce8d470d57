namespace Platform.Sandbox.Http.Protobuf;

/// <summary>One field as it appears on the wire: its number, wire type and either a varint or a byte range.</summary>
internal readonly record struct WireField(int Number, int WireType, ulong Varint, ReadOnlyMemory<byte> Bytes)
{
    public const int VarintType = 0;
    public const int LengthDelimitedType = 2;
}
