namespace Platform.Sandbox.Storage;

internal enum WatchEventType
{
    Added,
    Modified,
    Deleted,
}
