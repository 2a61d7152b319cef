namespace Gateway.Runtime.Membership;

/// <summary>Runs work on every tick of a timer until cancelled; the work handles its own failures.</summary>
internal static class PeriodicLoop
{
    /// <param name="ticked">Called after each tick's work, even a failed one (tests driving a fake clock wait on it).</param>
    public static async Task RunAsync(
        PeriodicTimer timer, Func<CancellationToken, Task> work, Action ticked, CancellationToken cancellationToken)
    {
        using (timer)
        {
            try
            {
                while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
                {
                    try
                    {
                        await work(cancellationToken).ConfigureAwait(false);
                    }
                    finally
                    {
                        ticked();
                    }
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
            }
        }
    }
}
