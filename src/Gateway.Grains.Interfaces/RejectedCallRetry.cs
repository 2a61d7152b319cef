using System.Diagnostics;
using System.Runtime.ExceptionServices;
using Orleans.Runtime;

namespace Gateway;

/// <summary>
/// A grain call Orleans rejected was never run: its target silo could not be reached, typically
/// one that just died and is not yet declared dead. Such a call is sent again for a few seconds,
/// long enough for membership to declare the silo dead and the grain to activate on a survivor.
/// A call lost with its silo (SiloUnavailableException) may have run: it is not sent again as it
/// was, but <see cref="RunRedeliverableAsync{T}"/> hands it once more to the grain, marked as a
/// redelivery, so that the grain decides whether repeating it is safe.
/// </summary>
public static class RejectedCallRetry
{
    public static readonly TimeSpan Limit = TimeSpan.FromSeconds(5);

    public static Task<T> RunAsync<T>(Func<Task<T>> call, CancellationToken cancellationToken) =>
        RunAsync(call, Stopwatch.GetTimestamp(), retryLost: false, cancellationToken);

    /// <summary>
    /// Runs <paramref name="call"/> (its argument null) with the rejected-call retry. When its silo
    /// dies with it, runs it once more with the cause as argument: the grain, activated anew on a
    /// survivor, either repeats it (a read, or a tool that declares itself idempotent) or answers
    /// that it may or may not have run. When the redelivery cannot reach the session either, the
    /// loss is thrown.
    /// </summary>
    public static async Task<T> RunRedeliverableAsync<T>(Func<string?, Task<T>> call, CancellationToken cancellationToken)
    {
        try
        {
            return await RunAsync(() => call(null), Stopwatch.GetTimestamp(), retryLost: false, cancellationToken);
        }
        catch (SiloUnavailableException lost)
        {
            // However long the call ran before its silo died, the redelivery gets the whole window
            // in which a survivor may still route to the dead silo. A redelivery is marked as one,
            // so even one lost again is safe to send again: the grain decides what it repeats.
            try
            {
                return await RunAsync(() => call(lost.Message), Stopwatch.GetTimestamp(), retryLost: true, cancellationToken);
            }
            catch (OrleansMessageRejectionException)
            {
                ExceptionDispatchInfo.Throw(lost);
                throw;
            }
        }
    }

    /// <param name="retryLost">Whether a call lost with its silo is sent again too, not only one rejected unrun.</param>
    private static async Task<T> RunAsync<T>(Func<Task<T>> call, long started, bool retryLost, CancellationToken cancellationToken)
    {
        var delay = TimeSpan.FromMilliseconds(50);
        while (true)
        {
            try
            {
                return await call();
            }
            // SiloUnavailableException is a rejection too, but of a call that may have been running.
            catch (OrleansMessageRejectionException ex) when ((retryLost || ex is not SiloUnavailableException) && Stopwatch.GetElapsedTime(started) + delay < Limit)
            {
                await Task.Delay(delay, cancellationToken);
                delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 500));
            }
        }
    }
}
