namespace Platform.Sandbox.Tests.Cluster;

/// <summary>Polls a condition until it holds (generous timeout: the suite runs on 2 shared cores).</summary>
internal static class Eventually
{
    public static async Task<T> GetAsync<T>(Func<Task<T?>> probe, string what, int timeoutSeconds = 30)
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
                throw new TimeoutException($"timed out waiting for {what}");
            }

            await Task.Delay(50);
        }
    }

    public static async Task TrueAsync(Func<Task<bool>> probe, string what, int timeoutSeconds = 30) =>
        await GetAsync<object>(async () => await probe() ? new object() : null, what, timeoutSeconds);
}
