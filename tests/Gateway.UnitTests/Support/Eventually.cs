namespace Gateway.UnitTests.Support;

/// <summary>
/// Polls a condition that settles on another thread (work the code under test left running in the
/// background) until a deadline; the deadline is not what is tested.
/// </summary>
public static class Eventually
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(15);

    public static async Task<T> EqualsAsync<T>(T expected, Func<T> probe, string what)
    {
        var until = DateTime.UtcNow + Deadline;
        var value = probe();
        while (!EqualityComparer<T>.Default.Equals(value, expected) && DateTime.UtcNow < until)
        {
            await Task.Delay(20);
            value = probe();
        }

        Assert.True(EqualityComparer<T>.Default.Equals(value, expected), $"{what}: expected {expected}, still {value} after {Deadline.TotalSeconds:0} s");
        return value;
    }
}
