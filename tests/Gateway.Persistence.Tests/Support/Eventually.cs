namespace Gateway.Persistence.Tests;

/// <summary>Waits for a condition by polling it until a deadline, instead of sleeping a guessed time.</summary>
internal static class Eventually
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(50);

    /// <summary>Polls <paramref name="probe"/> until <paramref name="condition"/> holds for its value; returns that value.</summary>
    public static async Task<T> Async<T>(Func<Task<T>> probe, Func<T, bool> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var value = await probe();
            if (condition(value))
            {
                return value;
            }

            if (DateTime.UtcNow >= deadline)
            {
                throw new TimeoutException($"Still not {what} after {timeout.TotalSeconds} s; the last value was {value}.");
            }

            await Task.Delay(Interval);
        }
    }
}
