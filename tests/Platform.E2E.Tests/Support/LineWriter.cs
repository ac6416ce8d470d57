using System.Text;

namespace Platform.E2E.Tests.Support;

/// <summary>A TextWriter that records whole lines and lets a test wait for one.</summary>
public sealed class LineWriter : TextWriter
{
    private readonly object gate = new();
    private readonly StringBuilder current = new();
    private readonly List<string> lines = [];
    private readonly SemaphoreSlim written = new(0);

    public override Encoding Encoding => Encoding.UTF8;

    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (gate)
            {
                return [.. lines];
            }
        }
    }

    public override void Write(char value)
    {
        lock (gate)
        {
            if (value == '\n')
            {
                lines.Add(current.ToString().TrimEnd('\r'));
                current.Clear();
                written.Release();
            }
            else
            {
                current.Append(value);
            }
        }
    }

    /// <summary>Waits for a line matching <paramref name="match"/>; fails early if <paramref name="producer"/> ends first.</summary>
    public async Task<string> WaitForLineAsync(Func<string, bool> match, TimeSpan timeout, Task producer)
    {
        using var deadline = new CancellationTokenSource(timeout);
        while (true)
        {
            if (Lines.FirstOrDefault(match) is { } line)
            {
                return line;
            }

            if (producer.IsCompleted)
            {
                throw new InvalidOperationException($"the writer finished without a matching line; it wrote:\n{string.Join('\n', Lines)}");
            }

            try
            {
                await written.WaitAsync(TimeSpan.FromMilliseconds(200), deadline.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"no matching line within {timeout}; written so far:\n{string.Join('\n', Lines)}");
            }
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            written.Dispose();
        }

        base.Dispose(disposing);
    }
}
