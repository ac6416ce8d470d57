using System.Text.Json.Nodes;

namespace Platform.Sandbox.Semantics;

/// <summary>
/// Field ownership for writes that are not apply (create, update, non-apply patch), as the server-side
/// apply documentation describes: they never conflict; the writer takes ownership of every field it
/// added or changed (other managers lose it), and fields that were removed are dropped from every
/// manager. A submitted <c>metadata.managedFields</c> replaces the live entries (a list with one empty
/// entry clears them); absent, empty or malformed, the live entries are kept.
/// </summary>
internal static class FieldOwnership
{
    /// <summary>Records the write of <paramref name="next"/> over <paramref name="live"/> (null on create) into next's managedFields.</summary>
    public static void RecordUpdate(JsonObject? live, JsonObject next, FieldWrite write)
    {
        var submitted = next["metadata"]?["managedFields"];
        List<ManagedFieldsEntry> entries;
        if (write.Subresource.Length > 0)
        {
            // A subresource write cannot rewrite the main resource's ownership.
            entries = ManagedFields.Read(live);
        }
        else if (ManagedFields.IsReset(submitted))
        {
            entries = [];
        }
        else if (submitted is JsonArray { Count: > 0 } && ManagedFields.TryParse(submitted, out var given))
        {
            entries = given;
        }
        else
        {
            entries = ManagedFields.Read(live);
        }

        var comparison = ObjectFieldSets.Compare(live, next, write.Kind, write.Custom);
        Take(entries, comparison, write);
        ManagedFields.Write(next, entries);
    }

    /// <summary>The Update rule on parsed entries: changed fields move to the writer, removed fields leave everyone.</summary>
    internal static void Take(List<ManagedFieldsEntry> entries, FieldComparison comparison, FieldWrite write)
    {
        if (comparison.IsEmpty)
        {
            return;
        }

        ManagedFieldsEntry? own = null;
        foreach (var e in entries)
        {
            if (e.Is(write.Manager, ManagedFieldsEntry.UpdateOperation, write.ApiVersion, write.Subresource))
            {
                own = e;
            }
            else if (!comparison.Changed.IsEmpty)
            {
                e.Fields.ExceptWith(comparison.Changed);
            }

            if (!comparison.Removed.IsEmpty)
            {
                e.Fields.ExceptWith(comparison.Removed);
            }
        }

        if (comparison.Changed.IsEmpty)
        {
            return;
        }

        if (own is null)
        {
            entries.Add(new ManagedFieldsEntry
            {
                Manager = write.Manager,
                Operation = ManagedFieldsEntry.UpdateOperation,
                ApiVersion = write.ApiVersion,
                Subresource = write.Subresource,
                Time = write.Now,
                Fields = comparison.Changed,
            });
            return;
        }

        own.Fields.UnionWith(comparison.Changed);
        own.Time = write.Now;
    }
}
