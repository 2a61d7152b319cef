using System.Diagnostics;
using Orleans.Runtime;

namespace Gateway;

/// <summary>
/// A grain call Orleans rejected was never run: its target silo could not be reached, typically
/// one that just died and is not yet declared dead. Such a call is sent again for a few seconds,
/// long enough for membership to declare the silo dead and the grain to activate on a survivor.
/// A call that was running when its silo died is not retried (SiloUnavailableException): it may
/// have run.
/// </summary>
public static class RejectedCallRetry
{
    public static readonly TimeSpan Limit = TimeSpan.FromSeconds(5);

    public static async Task<T> RunAsync<T>(Func<Task<T>> call, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var delay = TimeSpan.FromMilliseconds(50);
        while (true)
        {
            try
            {
                return await call();
            }
            // SiloUnavailableException is a rejection too, but of a call that was already running.
            catch (OrleansMessageRejectionException ex) when (ex is not SiloUnavailableException && Stopwatch.GetElapsedTime(started) + delay < Limit)
            {
                await Task.Delay(delay, cancellationToken);
                delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 500));
            }
        }
    }
}
