namespace Platform.Sandbox.Http.Protobuf;

/// <summary>
/// One field of a message: its number and JSON name, what it holds, and how Go marshals it. Go's generated
/// marshallers always write non-pointer fields (so a zero value there means "unset" and is left out of the
/// JSON, as <c>omitempty</c> does) but write pointer fields only when set (so a zero there is real data).
/// </summary>
internal sealed record MessageField(int Number, string Name, ValueKind Kind)
{
    /// <summary>For <see cref="ValueKind.Message"/>: the message's name in <see cref="ProtobufMessages"/>.</summary>
    public string? MessageName { get; init; }

    public bool Repeated { get; init; }

    /// <summary>A <c>map&lt;string, Kind&gt;</c> (entries are messages with key 1 and value 2).</summary>
    public bool IsMap { get; init; }

    /// <summary>A pointer field in Go: present on the wire only when set, so zero values are kept.</summary>
    public bool Nullable { get; init; }

    /// <summary>
    /// A field the sandbox does not decode (its message tree is large and no generator sends it): any content
    /// is refused with 415 rather than dropped.
    /// </summary>
    public bool Unsupported { get; init; }

    /// <summary>An embedded Go struct: protobuf nests it, JSON inlines its fields into the parent.</summary>
    public bool Inline { get; init; }
}
