namespace Platform.Sandbox.Http.Protobuf;

/// <summary>What a field of a Kubernetes generated.proto message holds, as the decoder maps it to JSON.</summary>
internal enum ValueKind
{
    String,
    Bytes,
    Int32,
    Int64,
    Bool,
    Message,

    /// <summary>metav1.Time: seconds and nanos, JSON RFC 3339 (second precision).</summary>
    Time,

    /// <summary>intstr.IntOrString: a number or a string in JSON.</summary>
    IntOrString,

    /// <summary>resource.Quantity: its canonical string.</summary>
    Quantity,
}
