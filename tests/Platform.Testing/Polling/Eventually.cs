namespace Platform.Testing.Polling;

/// <summary>
/// Polls until a probe yields a value. The timeout is generous on purpose: the suite shares 2 cores, and tests
/// assert on outcomes, never on speed.
/// </summary>
public static class Eventually
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(50);

    /// <summary>Calls <paramref name="probe"/> until it returns non-null and returns that value.</summary>
    /// <param name="probe">Reads the current state; null means "not yet".</param>
    /// <param name="what">What is awaited, for the timeout message.</param>
    /// <param name="timeoutSeconds">How long to keep polling.</param>
    /// <param name="context">Extra diagnostics appended to the timeout message (read only on timeout).</param>
    /// <exception cref="TimeoutException">The probe still returned null when the timeout passed.</exception>
    public static async Task<T> GetAsync<T>(Func<Task<T?>> probe, string what, int timeoutSeconds = 60, Func<string>? context = null)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(probe);
        var deadline = DateTime.UtcNow.AddSeconds(timeoutSeconds);
        while (true)
        {
            var value = await probe().ConfigureAwait(false);
            if (value is not null)
            {
                return value;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"timed out waiting for {what}" + (context is null ? string.Empty : "\n" + context()));
            }

            await Task.Delay(Interval).ConfigureAwait(false);
        }
    }

    /// <summary>Calls <paramref name="probe"/> until it returns true.</summary>
    /// <param name="probe">Checks the current state.</param>
    /// <param name="what">What is awaited, for the timeout message.</param>
    /// <param name="timeoutSeconds">How long to keep polling.</param>
    /// <exception cref="TimeoutException">The probe still returned false when the timeout passed.</exception>
    public static Task TrueAsync(Func<Task<bool>> probe, string what, int timeoutSeconds = 60)
    {
        ArgumentNullException.ThrowIfNull(probe);
        return GetAsync<object>(async () => await probe().ConfigureAwait(false) ? new object() : null, what, timeoutSeconds);
    }
}
