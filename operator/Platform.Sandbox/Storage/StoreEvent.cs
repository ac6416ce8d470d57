namespace Platform.Sandbox.Storage;

/// <summary>One change in a bucket, in commit order. <see cref="Previous"/> is the state it replaced.</summary>
internal sealed record StoreEvent(WatchEventType Type, StoredObject Object, string StorageKey, StoredObject? Previous)
{
    public long ResourceVersion => Object.ResourceVersion;
}
