using System.Threading.Channels;

namespace Platform.Testing.FakeApi;

/// <summary>An open watch request: what it watches and the lines waiting to be written to it.</summary>
internal sealed class FakeWatcher(string collection, string? @namespace, string? labelSelector, bool bookmarks)
{
    public string Collection { get; } = collection;

    public string? Namespace { get; } = @namespace;

    public string? LabelSelector { get; } = labelSelector;

    public bool Bookmarks { get; } = bookmarks;

    /// <summary>A stalled watch stays open but receives nothing (a silently dead connection).</summary>
    public bool Stalled { get; set; }

    public Channel<string> Lines { get; } = Channel.CreateUnbounded<string>();
}
