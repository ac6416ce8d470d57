using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Platform.Sandbox.Semantics;

/// <summary>
/// A set of field paths in the shape of FieldsV1: every node is one path element (<c>f:name</c>,
/// <c>k:{"name":"x"}</c>, <c>v:"value"</c>, <c>i:0</c>) and <see cref="IsMember"/> says that the path ending
/// at the node belongs to the set (FieldsV1 writes that as <c>{}</c> for a leaf, <c>".": {}</c> otherwise).
/// Nodes that are neither members nor lead to one are never kept, so an empty set is one empty root.
/// </summary>
internal sealed class FieldSet
{
    // Most nodes have a handful of children: a small array searched linearly, indexed once it grows.
    private const int IndexThreshold = 8;

    private KeyValuePair<string, FieldSet>[]? _items;
    private int _count;
    private Dictionary<string, int>? _index;

    public bool IsMember { get; set; }

    public bool IsEmpty => !IsMember && _count == 0;

    public bool HasChildren => _count > 0;

    public IEnumerable<KeyValuePair<string, FieldSet>> Children => _items is null ? [] : _items.Take(_count);

    public FieldSet? Find(string element)
    {
        var i = IndexOf(element);
        return i < 0 ? null : _items![i].Value;
    }

    /// <summary>Adds a child built elsewhere (drops it when it holds nothing).</summary>
    public void Add(string element, FieldSet child)
    {
        if (child.IsEmpty)
        {
            return;
        }

        if (Find(element) is { } existing)
        {
            existing.UnionWith(child);
            return;
        }

        Append(element, child);
    }

    public FieldSet Clone()
    {
        var copy = new FieldSet { IsMember = IsMember };
        for (var i = 0; i < _count; i++)
        {
            copy.Append(_items![i].Key, _items[i].Value.Clone());
        }

        return copy;
    }

    public void UnionWith(FieldSet other)
    {
        IsMember |= other.IsMember;
        for (var i = 0; i < other._count; i++)
        {
            var (k, v) = other._items![i];
            if (Find(k) is { } mine)
            {
                mine.UnionWith(v);
            }
            else if (!v.IsEmpty)
            {
                Append(k, v.Clone());
            }
        }
    }

    /// <summary>Removes every path that is a member of <paramref name="other"/>.</summary>
    public void ExceptWith(FieldSet other)
    {
        if (other.IsMember)
        {
            IsMember = false;
        }

        if (_count == 0)
        {
            return;
        }

        var removed = false;
        for (var i = 0; i < other._count; i++)
        {
            var (k, v) = other._items![i];
            if (Find(k) is { } mine)
            {
                mine.ExceptWith(v);
                removed |= mine.IsEmpty;
            }
        }

        if (removed)
        {
            Compact();
        }
    }

    /// <summary>The paths that are members of both sets.</summary>
    public static FieldSet Intersection(FieldSet a, FieldSet b)
    {
        var result = new FieldSet { IsMember = a.IsMember && b.IsMember };
        var (small, large) = a._count <= b._count ? (a, b) : (b, a);
        for (var i = 0; i < small._count; i++)
        {
            var (k, v) = small._items![i];
            if (large.Find(k) is { } w)
            {
                result.Add(k, Intersection(v, w));
            }
        }

        return result;
    }

    public static FieldSet FromFieldsV1(JsonObject fields)
    {
        var set = new FieldSet();
        foreach (var (k, v) in fields)
        {
            if (k == ".")
            {
                set.IsMember = true;
                continue;
            }

            var child = v is JsonObject o && o.Count > 0 ? FromFieldsV1(o) : new FieldSet { IsMember = true };
            set.Add(k, child);
        }

        return set;
    }

    /// <summary>Writes the FieldsV1 form, children in the order the API server writes them ("." first).</summary>
    public void WriteTo(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        if (IsMember && _count > 0)
        {
            writer.WriteStartObject(".");
            writer.WriteEndObject();
        }

        foreach (var (k, v) in Ordered())
        {
            writer.WritePropertyName(k);
            v.WriteTo(writer);
        }

        writer.WriteEndObject();
    }

    /// <summary>Member paths in upstream's iteration order, written as upstream prints them (<c>.spec.containers[name="app"].image</c>).</summary>
    public List<string> MemberPaths()
    {
        var paths = new List<string>();
        Collect(new StringBuilder(), paths);
        return paths;
    }

    /// <summary>Renders one path element the way upstream prints a field path.</summary>
    public static string Describe(string element)
    {
        if (element.Length < 2)
        {
            return element;
        }

        var body = element[2..];
        switch (element[0])
        {
            case 'f':
                return "." + body;
            case 'v':
                return "[=" + body + "]";
            case 'i':
                return "[" + body + "]";
            case 'k':
                try
                {
                    if (JsonNode.Parse(body) is JsonObject key)
                    {
                        var parts = key.Select(p => p.Key + "=" + (p.Value?.ToJsonString() ?? "null")).Order(StringComparer.Ordinal);
                        return "[" + string.Join(",", parts) + "]";
                    }
                }
                catch (JsonException)
                {
                }

                return "[" + body + "]";
            default:
                return element;
        }
    }

    private void Collect(StringBuilder prefix, List<string> paths)
    {
        var ordered = Ordered().ToArray();
        foreach (var (k, v) in ordered)
        {
            if (v.IsMember)
            {
                paths.Add(prefix + Describe(k));
            }
        }

        foreach (var (k, v) in ordered)
        {
            if (v.HasChildren)
            {
                var length = prefix.Length;
                prefix.Append(Describe(k));
                v.Collect(prefix, paths);
                prefix.Length = length;
            }
        }
    }

    private int IndexOf(string element)
    {
        if (_index is not null)
        {
            return _index.TryGetValue(element, out var i) ? i : -1;
        }

        for (var i = 0; i < _count; i++)
        {
            if (string.Equals(_items![i].Key, element, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    private void Append(string element, FieldSet child)
    {
        _items ??= new KeyValuePair<string, FieldSet>[2];
        if (_count == _items.Length)
        {
            Array.Resize(ref _items, _count * 2);
        }

        _items[_count] = new KeyValuePair<string, FieldSet>(element, child);
        if (_index is not null)
        {
            _index[element] = _count;
        }
        else if (_count + 1 > IndexThreshold)
        {
            _index = new Dictionary<string, int>(_count * 2, StringComparer.Ordinal);
            for (var i = 0; i <= _count; i++)
            {
                _index[_items[i].Key] = i;
            }
        }

        _count++;
    }

    /// <summary>Drops children left empty.</summary>
    private void Compact()
    {
        var kept = 0;
        for (var i = 0; i < _count; i++)
        {
            if (!_items![i].Value.IsEmpty)
            {
                _items[kept++] = _items[i];
            }
        }

        Array.Clear(_items!, kept, _count - kept);
        _count = kept;
        if (_index is not null)
        {
            _index.Clear();
            for (var i = 0; i < _count; i++)
            {
                _index[_items![i].Key] = i;
            }
        }
    }

    /// <summary>The children in upstream's order (sorted in place: their order means nothing else).</summary>
    private ReadOnlySpan<KeyValuePair<string, FieldSet>> Ordered()
    {
        if (_count > 1)
        {
            Array.Sort(_items!, 0, _count, ElementOrder.Instance);
            if (_index is not null)
            {
                for (var i = 0; i < _count; i++)
                {
                    _index[_items![i].Key] = i;
                }
            }
        }

        return _items.AsSpan(0, _count);
    }

    // Upstream orders path elements by kind: field names, then keys, then values, then indices.
    private static int Rank(string element) => element.Length == 0 ? 4 : element[0] switch
    {
        'f' => 0,
        'k' => 1,
        'v' => 2,
        'i' => 3,
        _ => 4,
    };

    private sealed class ElementOrder : IComparer<KeyValuePair<string, FieldSet>>
    {
        public static readonly ElementOrder Instance = new();

        public int Compare(KeyValuePair<string, FieldSet> a, KeyValuePair<string, FieldSet> b)
        {
            var r = Rank(a.Key).CompareTo(Rank(b.Key));
            return r != 0 ? r : string.CompareOrdinal(a.Key, b.Key);
        }
    }
}
