using System.Text.Json.Nodes;
using Platform.Sandbox.Errors;

namespace Platform.Sandbox.Semantics;

/// <summary>
/// Server-side apply with field management, as the Kubernetes documentation describes it: the applied
/// configuration is merged into the live object (keyed lists by merge key); changing a field another
/// manager owns to a different value is a conflict (409, one <c>FieldManagerConflict</c> cause per field)
/// unless forced, which takes the field away from its other owners; setting it to the same value shares
/// ownership; a field this manager applied before and no longer applies is removed unless another manager
/// still owns it (then only this manager's ownership goes). kubectl's own manager may take over fields
/// it set by client-side apply, as upstream allows when upgrading to server-side apply.
/// </summary>
internal static class ServerSideApply
{
    private const string KubectlManager = "kubectl";
    private const string LastAppliedAnnotation = "kubectl.kubernetes.io/last-applied-configuration";

    /// <summary>Applies <paramref name="config"/> to <paramref name="live"/> (consumed) and returns the result with its managedFields.</summary>
    public static JsonObject Apply(JsonObject live, JsonObject config, FieldWrite write, bool force)
    {
        var entries = ManagedFields.Read(live);
        var before = (JsonObject)live.DeepClone();
        var applied = ObjectFieldSets.OfApplied(config, write.Kind);
        var own = entries.FirstOrDefault(e => e.Is(write.Manager, ManagedFieldsEntry.ApplyOperation, write.ApiVersion, write.Subresource));

        var merged = StrategicMergePatch.Apply(live, (JsonObject)config.DeepClone(), write.Kind);
        if (own is not null)
        {
            var dropped = own.Fields.Clone();
            dropped.ExceptWith(applied);
            if (!dropped.IsEmpty)
            {
                var stillOwned = applied.Clone();
                foreach (var e in entries.Where(e => e != own))
                {
                    stillOwned.UnionWith(e.Fields);
                }

                Prune(merged, dropped, stillOwned);
            }
        }

        var comparison = ObjectFieldSets.Compare(before, merged, write.Kind, write.Custom);
        var conflicts = new List<(ManagedFieldsEntry Entry, FieldSet Fields)>();
        if (!comparison.Changed.IsEmpty)
        {
            foreach (var e in entries.Where(e => e != own))
            {
                var overlap = FieldSet.Intersection(e.Fields, comparison.Changed);
                if (!overlap.IsEmpty)
                {
                    conflicts.Add((e, overlap));
                }
            }
        }

        if (conflicts.Count > 0 && !force)
        {
            var blocking = WithoutClientSideApplied(conflicts, before, write);
            if (blocking.Count > 0)
            {
                throw ConflictError(blocking);
            }
        }

        foreach (var (e, overlap) in conflicts)
        {
            e.Fields.ExceptWith(overlap);
        }

        if (!comparison.Removed.IsEmpty)
        {
            foreach (var e in entries)
            {
                e.Fields.ExceptWith(comparison.Removed);
            }
        }

        if (own is null)
        {
            own = new ManagedFieldsEntry { Manager = write.Manager, Operation = ManagedFieldsEntry.ApplyOperation, Subresource = write.Subresource };
            entries.Add(own);
        }

        // Upstream stamps the time only when the apply changed the object (or the entry is new).
        if (own.Time is null || !comparison.IsEmpty)
        {
            own.Time = write.Now;
        }

        own.ApiVersion = write.ApiVersion;
        own.Fields = applied;
        ManagedFields.Write(merged, entries);
        if (write.Manager == KubectlManager && LastApplied(before) is not null)
        {
            // Keeps a later client-side apply's three-way diff in step (upstream's lastAppliedUpdater).
            var annotation = (JsonObject)config.DeepClone();
            (annotation["metadata"]?["annotations"] as JsonObject)?.Remove(LastAppliedAnnotation);
            if (merged["metadata"]?["annotations"] is JsonObject annotations)
            {
                annotations[LastAppliedAnnotation] = annotation.ToJsonString();
            }
        }

        return merged;
    }

    private static string? LastApplied(JsonObject obj) =>
        obj["metadata"]?["annotations"]?[LastAppliedAnnotation] is JsonValue v && v.TryGetValue<string>(out var s) && s.Length > 0 ? s : null;

    /// <summary>
    /// Upgrading from client-side apply: for kubectl's own manager, conflicts on fields that the
    /// last-applied-configuration annotation sets and that still hold the value recorded there are allowed
    /// (ownership moves without a conflict), as upstream's lastAppliedManager does.
    /// </summary>
    private static List<(ManagedFieldsEntry Entry, FieldSet Fields)> WithoutClientSideApplied(
        List<(ManagedFieldsEntry Entry, FieldSet Fields)> conflicts, JsonObject live, FieldWrite write)
    {
        if (write.Manager != KubectlManager || LastApplied(live) is not { } text)
        {
            return conflicts;
        }

        JsonObject? lastApplied;
        try
        {
            lastApplied = JsonNode.Parse(text) as JsonObject;
        }
        catch (System.Text.Json.JsonException)
        {
            return conflicts;
        }

        if (lastApplied is null)
        {
            return conflicts;
        }

        var allowed = ObjectFieldSets.OfApplied(lastApplied, write.Kind);
        var drift = ObjectFieldSets.Compare(lastApplied, live, write.Kind, write.Custom);
        allowed.ExceptWith(drift.Changed);
        allowed.ExceptWith(drift.Removed);
        var remaining = new List<(ManagedFieldsEntry Entry, FieldSet Fields)>();
        foreach (var (entry, fields) in conflicts)
        {
            var left = fields.Clone();
            left.ExceptWith(allowed);
            if (!left.IsEmpty)
            {
                remaining.Add((entry, left));
            }
        }

        return remaining;
    }

    /// <summary>
    /// The part of an applied configuration the endpoint writes: the main resource of a kind with a status
    /// subresource ignores status, the status subresource takes only status (as the reset fields of the
    /// real registry strategies do).
    /// </summary>
    public static JsonObject Scope(JsonObject config, bool hasStatus, string subresource)
    {
        if (subresource.Length == 0)
        {
            if (!hasStatus || !config.ContainsKey("status"))
            {
                return config;
            }

            var main = (JsonObject)config.DeepClone();
            main.Remove("status");
            return main;
        }

        var scoped = new JsonObject { ["apiVersion"] = config["apiVersion"]?.DeepClone(), ["kind"] = config["kind"]?.DeepClone() };
        if (config["metadata"] is JsonObject meta)
        {
            var kept = new JsonObject();
            foreach (var field in new[] { "name", "namespace", "resourceVersion" })
            {
                if (meta[field] is { } v)
                {
                    kept[field] = v.DeepClone();
                }
            }

            scoped["metadata"] = kept;
        }

        if (config["status"] is { } status)
        {
            scoped["status"] = status.DeepClone();
        }

        return scoped;
    }

    /// <summary>Ownership for an object created by apply: the applier owns everything it applied.</summary>
    public static void RecordCreate(JsonObject obj, JsonObject config, FieldWrite write)
    {
        var entry = new ManagedFieldsEntry
        {
            Manager = write.Manager,
            Operation = ManagedFieldsEntry.ApplyOperation,
            ApiVersion = write.ApiVersion,
            Time = write.Now,
            Subresource = write.Subresource,
            Fields = ObjectFieldSets.OfApplied(config, write.Kind),
        };
        ManagedFields.Write(obj, [entry]);
    }

    /// <summary>
    /// The 409 upstream returns: <c>Apply failed with 1 conflict: conflict with "mgr": .spec.replicas</c>, or
    /// for several, the paths grouped by manager; one <c>FieldManagerConflict</c> cause per field.
    /// </summary>
    private static ApiException ConflictError(List<(ManagedFieldsEntry Entry, FieldSet Fields)> conflicts)
    {
        var byManager = conflicts
            .Select(c => (Name: c.Entry.Describe(), Paths: c.Fields.MemberPaths()))
            .OrderBy(c => c.Name, StringComparer.Ordinal)
            .ToList();
        var causes = byManager.SelectMany(m => m.Paths.Select(p => new Api.FieldError(p, "FieldManagerConflict", $"conflict with {m.Name}"))).ToList();
        string message;
        if (causes.Count == 1)
        {
            message = $"Apply failed with 1 conflict: {causes[0].Detail}: {causes[0].Path}";
        }
        else
        {
            var lines = byManager.SelectMany(m => m.Paths.Select(p => "- " + p).Prepend($"conflicts with {m.Name}:"));
            message = $"Apply failed with {causes.Count} conflicts: {string.Join("\n", lines)}";
        }

        return new ApiException(409, "Conflict", message) { Causes = causes };
    }

    /// <summary>Removes the fields in <paramref name="dropped"/> that nobody in <paramref name="stillOwned"/> owns, at or below.</summary>
    private static void Prune(JsonNode? target, FieldSet dropped, FieldSet? stillOwned)
    {
        foreach (var (element, child) in dropped.Children.ToList())
        {
            var owned = stillOwned?.Find(element);
            var unowned = owned is null || owned.IsEmpty;
            if (element.StartsWith("f:", StringComparison.Ordinal) && target is JsonObject obj)
            {
                var field = element[2..];
                if (child.IsMember && unowned)
                {
                    obj.Remove(field);
                }
                else if (child.HasChildren && obj[field] is { } value)
                {
                    Prune(value, child, owned);
                }
            }
            else if (element.Length > 2 && element[0] is 'k' or 'v' && element[1] == ':' && target is JsonArray list)
            {
                var item = FindItem(list, element);
                if (item.Index < 0)
                {
                    continue;
                }

                if (child.IsMember && unowned)
                {
                    list.RemoveAt(item.Index);
                }
                else if (child.HasChildren)
                {
                    Prune(item.Node, child, owned);
                }
            }
        }
    }

    private static (int Index, JsonNode? Node) FindItem(JsonArray list, string element)
    {
        if (element[0] == 'v')
        {
            for (var i = 0; i < list.Count; i++)
            {
                if (ObjectFieldSets.ValueKey(list[i]) == element)
                {
                    return (i, list[i]);
                }
            }

            return (-1, null);
        }

        JsonObject? key;
        try
        {
            key = JsonNode.Parse(element[2..]) as JsonObject;
        }
        catch (System.Text.Json.JsonException)
        {
            return (-1, null);
        }

        if (key is null || key.Count == 0)
        {
            return (-1, null);
        }

        for (var i = 0; i < list.Count; i++)
        {
            if (list[i] is JsonObject o && key.All(k => JsonNode.DeepEquals(o[k.Key], k.Value)))
            {
                return (i, o);
            }
        }

        return (-1, null);
    }
}
