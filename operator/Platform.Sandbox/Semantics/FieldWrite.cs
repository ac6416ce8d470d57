namespace Platform.Sandbox.Semantics;

/// <summary>
/// Who writes and where, for field ownership: the field manager, the apiVersion the request used, the
/// subresource ("" for the main resource), the kind (for list merge keys), whether it is a custom
/// resource, and the write time (RFC 3339).
/// </summary>
internal readonly record struct FieldWrite(string Manager, string ApiVersion, string Subresource, string Kind, bool Custom, string Now);
