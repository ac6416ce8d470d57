namespace Platform.Sandbox.Faults;

/// <summary>How an injected request failure looks to the client.</summary>
public enum RequestFault
{
    /// <summary>500 InternalError.</summary>
    InternalError,

    /// <summary>429 TooManyRequests with Retry-After.</summary>
    TooManyRequests,

    /// <summary>The request hangs until the client gives up (or the timeout delay), then 504 Timeout.</summary>
    Timeout,
}
