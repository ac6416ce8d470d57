using System.Collections;
using k8s.Models;

namespace Platform.Crds.Tests.TestTypes;

public sealed class CollectionFields
{
    public List<string> List { get; set; } = [];
    public string[] Array { get; set; } = [];
    public IEnumerable<int> Enumerable { get; set; } = [];
    public IReadOnlyList<NestedItem> Objects { get; set; } = [];
    public IDictionary<string, string> Dictionary { get; set; } = new Dictionary<string, string>();
    public IReadOnlyDictionary<string, NestedItem> ObjectMap { get; set; } = new Dictionary<string, NestedItem>();
    public Hashtable Untyped { get; set; } = [];
    public IEnumerable<KeyValuePair<string, long>> Pairs { get; set; } = [];
    public List<List<string>> Nested { get; set; } = [];
    public V1LabelSelector Selector { get; set; } = new();
    public V1Pod Pod { get; set; } = new();
}
