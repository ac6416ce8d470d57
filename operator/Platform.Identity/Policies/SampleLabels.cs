using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace Platform.Identity.Policies;

/// <summary>Labels of the validator's sample pod: every key is present with value "sample", so label templates render.</summary>
internal sealed class SampleLabels : IDictionary<string, string>
{
    private const string Value = "sample";

    public ICollection<string> Keys => [];

    public ICollection<string> Values => [];

    public int Count => 0;

    public bool IsReadOnly => true;

    public string this[string key]
    {
        get => Value;
        set => throw new NotSupportedException();
    }

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out string value)
    {
        value = Value;
        return true;
    }

    public bool ContainsKey(string key) => true;

    public bool Contains(KeyValuePair<string, string> item) => item.Value == Value;

    public void Add(string key, string value) => throw new NotSupportedException();

    public void Add(KeyValuePair<string, string> item) => throw new NotSupportedException();

    public bool Remove(string key) => throw new NotSupportedException();

    public bool Remove(KeyValuePair<string, string> item) => throw new NotSupportedException();

    public void Clear() => throw new NotSupportedException();

    public void CopyTo(KeyValuePair<string, string>[] array, int arrayIndex)
    {
    }

    public IEnumerator<KeyValuePair<string, string>> GetEnumerator() => Enumerable.Empty<KeyValuePair<string, string>>().GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
