namespace Gateway.Runtime.Tests.TestSupport;

/// <summary>Waiting with a deadline instead of sleeping: tests await signals, or poll a condition until it holds.</summary>
public static class Eventually
{
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    public static async Task TrueAsync(Func<bool> condition, string because)
    {
        var deadline = DateTime.UtcNow + Deadline;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Timed out after {Deadline.TotalSeconds} s waiting until {because}.");
            }

            await Task.Delay(5);
        }
    }

    public static Task<T> Within<T>(this Task<T> task) => task.WaitAsync(Deadline);

    public static Task Within(this Task task) => task.WaitAsync(Deadline);
}
