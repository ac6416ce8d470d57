namespace Platform.Sandbox.Admission;

/// <summary>A webhook could not be called or answered unusably; the message is worded as upstream's "failed to call webhook: ...".</summary>
public sealed class WebhookCallException : Exception
{
    public WebhookCallException()
    {
    }

    public WebhookCallException(string message)
        : base(message)
    {
    }

    public WebhookCallException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
