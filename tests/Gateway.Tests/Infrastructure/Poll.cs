namespace Gateway.Tests.Infrastructure;

/// <summary>Waits for a condition by polling with a deadline; never a bare sleep.</summary>
public static class Poll
{
    public static async Task<T> UntilAsync<T>(Func<Task<T>> probe, Func<T, bool> done, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        T last = default!;
        Exception? lastError = null;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                last = await probe();
                if (done(last))
                {
                    return last;
                }
            }
            catch (Exception ex)
            {
                lastError = ex;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"Timed out waiting for {what}; last value: {last}; last error: {lastError?.Message}");
    }

    public static Task UntilAsync(Func<Task<bool>> probe, string what, TimeSpan? timeout = null) =>
        UntilAsync(probe, ok => ok, what, timeout);
}
