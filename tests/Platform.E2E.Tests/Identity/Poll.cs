namespace Platform.E2E.Tests.Identity;

/// <summary>Polls until a probe yields a value (generous timeout: tests share 2 cores).</summary>
internal static class Poll
{
    public static async Task<T> UntilAsync<T>(Func<Task<T?>> probe, string what, int timeoutSeconds = 60, Func<string>? context = null)
        where T : class
    {
        var deadline = DateTime.UtcNow.AddSeconds(timeoutSeconds);
        while (true)
        {
            var value = await probe();
            if (value is not null)
            {
                return value;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"timed out waiting for {what}" + (context is null ? string.Empty : "\n" + context()));
            }

            await Task.Delay(100);
        }
    }
}
