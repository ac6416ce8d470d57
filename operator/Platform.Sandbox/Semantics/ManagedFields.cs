using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Platform.Sandbox.Semantics;

/// <summary>Reads and writes <c>metadata.managedFields</c>.</summary>
internal static class ManagedFields
{
    // One writer per thread: managedFields are written on every write request.
    [ThreadStatic]
    private static ArrayBufferWriter<byte>? _threadBuffer;

    [ThreadStatic]
    private static Utf8JsonWriter? _threadWriter;

    /// <summary>The entries of <paramref name="obj"/> (none when the list is malformed).</summary>
    public static List<ManagedFieldsEntry> Read(JsonObject? obj) =>
        TryParse(obj?["metadata"]?["managedFields"], out var entries) ? entries : [];

    /// <summary>
    /// Parses a submitted managedFields list. False when any entry is malformed (upstream then keeps the
    /// live object's entries rather than losing them).
    /// </summary>
    public static bool TryParse(JsonNode? node, out List<ManagedFieldsEntry> entries)
    {
        entries = [];
        if (node is not JsonArray list)
        {
            return node is null;
        }

        foreach (var item in list)
        {
            if (item is not JsonObject e
                || Str(e["operation"]) is not (ManagedFieldsEntry.ApplyOperation or ManagedFieldsEntry.UpdateOperation)
                || (e["fieldsType"] is { } type && Str(type) != "FieldsV1")
                || (e["fieldsV1"] is { } f && f is not JsonObject))
            {
                entries = [];
                return false;
            }

            entries.Add(new ManagedFieldsEntry
            {
                Manager = Str(e["manager"]),
                Operation = Str(e["operation"]),
                ApiVersion = Str(e["apiVersion"]),
                Time = e["time"] is JsonValue t && t.TryGetValue<string>(out var time) ? time : null,
                Subresource = Str(e["subresource"]),
                Fields = e["fieldsV1"] is JsonObject fields ? FieldSet.FromFieldsV1(fields) : new FieldSet(),
            });
        }

        return true;
    }

    /// <summary>
    /// True for the documented reset: a list holding one empty entry strips every entry (an empty list does
    /// not, so clients unaware of the field never clear it).
    /// </summary>
    public static bool IsReset(JsonNode? node) => node is JsonArray { Count: 1 } list && list[0] is JsonObject { Count: 0 };

    /// <summary>Writes the non-empty entries, sorted as upstream sorts them (operation, time, manager, apiVersion, subresource).</summary>
    public static void Write(JsonObject obj, List<ManagedFieldsEntry> entries)
    {
        var metadata = obj["metadata"] as JsonObject;
        if (metadata is null)
        {
            metadata = [];
            obj["metadata"] = metadata;
        }

        var kept = entries.TrueForAll(static e => !e.Fields.IsEmpty) ? entries : entries.FindAll(static e => !e.Fields.IsEmpty);
        if (kept.Count == 0)
        {
            metadata.Remove("managedFields");
            return;
        }

        if (kept.Count > 1)
        {
            kept.Sort(static (a, b) =>
            {
                var c = string.CompareOrdinal(a.Operation, b.Operation);
                c = c != 0 ? c : string.CompareOrdinal(a.Time ?? "", b.Time ?? "");
                c = c != 0 ? c : string.CompareOrdinal(a.Manager, b.Manager);
                c = c != 0 ? c : string.CompareOrdinal(a.ApiVersion, b.ApiVersion);
                return c != 0 ? c : string.CompareOrdinal(a.Subresource, b.Subresource);
            });
        }

        // Written as UTF-8 and parsed back: the stored list stays one compact JSON element (nothing reads
        // it node by node on the write path) instead of a tree of mutable nodes.
        var buffer = _threadBuffer ??= new ArrayBufferWriter<byte>(512);
        var writer = _threadWriter ??= new Utf8JsonWriter(buffer);
        buffer.ResetWrittenCount();
        writer.Reset(buffer);
        writer.WriteStartArray();
        foreach (var e in kept)
        {
            writer.WriteStartObject();
            writer.WriteString("manager", e.Manager);
            writer.WriteString("operation", e.Operation);
            writer.WriteString("apiVersion", e.ApiVersion);
            if (e.Time is not null)
            {
                writer.WriteString("time", e.Time);
            }

            writer.WriteString("fieldsType", "FieldsV1");
            writer.WritePropertyName("fieldsV1");
            e.Fields.WriteTo(writer);
            if (e.Subresource.Length > 0)
            {
                writer.WriteString("subresource", e.Subresource);
            }

            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.Flush();

        var list = JsonNode.Parse(buffer.WrittenSpan);
        if (buffer.Capacity > 64 * 1024)
        {
            // Do not keep a huge object's buffer alive on the thread.
            _threadBuffer = null;
            _threadWriter = null;
        }

        metadata["managedFields"] = list;
    }

    private static string Str(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : "";
}
