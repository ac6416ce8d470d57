namespace Platform.Sandbox.Api;

/// <summary>
/// One field-level validation failure, shaped like a Kubernetes <c>StatusCause</c>:
/// <paramref name="Path"/> is the field path (e.g. <c>spec.addresses[0]</c>), <paramref name="Type"/> the
/// cause reason (<c>FieldValueInvalid</c>, <c>FieldValueRequired</c>, <c>FieldValueNotSupported</c>,
/// <c>FieldValueTooLong</c>, <c>FieldValueTypeInvalid</c>, ...), <paramref name="Detail"/> the message.
/// </summary>
public sealed record FieldError(string Path, string Type, string Detail);
