using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Platform.Benchmarks.Pacing;

/// <summary>
/// Sleeps until a <see cref="Stopwatch"/> timestamp with clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME), which on
/// Linux wakes within tens of microseconds. A load generator that spins or yields instead keeps a whole core busy,
/// and on a 2-core machine that core is taken from the server it measures: scheduler time slices (~4 ms) then show
/// up as its p99.
/// </summary>
internal static class MonotonicSleep
{
    private const int ClockMonotonic = 1;
    private const int TimerAbsoluteTime = 1;
    private const long NanosecondsPerSecond = 1_000_000_000;

    /// <summary>On Linux .NET reads Stopwatch from CLOCK_MONOTONIC in nanoseconds, so timestamps convert 1:1.</summary>
    public static bool IsPrecise { get; } = OperatingSystem.IsLinux() && Stopwatch.Frequency == NanosecondsPerSecond;

    /// <summary>Returns at (or just after) <paramref name="timestamp"/>.</summary>
    public static void Until(long timestamp)
    {
        if (!IsPrecise)
        {
            while (Stopwatch.GetTimestamp() < timestamp)
            {
                Thread.Sleep(Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), timestamp) > TimeSpan.FromMilliseconds(2) ? 1 : 0);
            }

            return;
        }

        long[] request = [timestamp / NanosecondsPerSecond, timestamp % NanosecondsPerSecond];
        // EINTR (a signal) just returns early; the loop sleeps again for what is left.
        while (Stopwatch.GetTimestamp() < timestamp && ClockNanosleep(ClockMonotonic, TimerAbsoluteTime, request, IntPtr.Zero) != 0)
        {
        }
    }

#pragma warning disable SYSLIB1054 // DllImport keeps the blittable long[] timespec simple; no marshalling code is generated.
    [DllImport("libc", EntryPoint = "clock_nanosleep")]
    private static extern int ClockNanosleep(int clock, int flags, long[] request, IntPtr remain);
#pragma warning restore SYSLIB1054
}
