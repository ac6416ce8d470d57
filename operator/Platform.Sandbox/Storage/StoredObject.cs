using System.Text.Json;
using System.Text.Json.Nodes;

namespace Platform.Sandbox.Storage;

/// <summary>
/// One committed version of an object. <see cref="Node"/> is never mutated after commit (callers that
/// want to change it take <see cref="CloneNode"/>); its serialized bytes are computed once and shared by
/// every reader and watcher.
/// </summary>
internal sealed class StoredObject
{
    private byte[]? _json;

    public StoredObject(JsonObject node, long resourceVersion, string namespaceName, string name)
    {
        Node = node;
        ResourceVersion = resourceVersion;
        Namespace = namespaceName;
        Name = name;
    }

    public JsonObject Node { get; }

    public long ResourceVersion { get; }

    public string Namespace { get; }

    public string Name { get; }

    public string Key => ObjectKey.Of(Namespace, Name);

    public string Uid => Node["metadata"]?["uid"]?.GetValue<string>() ?? "";

    public ReadOnlyMemory<byte> Json => _json ??= JsonSerializer.SerializeToUtf8Bytes(Node);

    /// <summary>
    /// A private mutable copy, parsed from the cached bytes so every number reads as any numeric type
    /// (a node built in code keeps the CLR type it was created with, and GetValue of another type throws).
    /// </summary>
    public JsonObject CloneNode() => JsonNode.Parse(Json.Span)!.AsObject();
}
