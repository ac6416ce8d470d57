using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Platform.Identity.Tests.Support;

/// <summary>Collects every formatted log line (and exception text) for leak scans.</summary>
internal sealed class CapturingLogger<T> : ILogger<T>
{
    public ConcurrentQueue<string> Lines { get; } = new();

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        Lines.Enqueue(formatter(state, exception) + (exception is null ? string.Empty : " " + exception));
}
