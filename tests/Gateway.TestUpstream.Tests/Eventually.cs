namespace Gateway.TestUpstream.Tests;

/// <summary>Polls a condition until it holds or a deadline passes, instead of sleeping a fixed time.</summary>
public static class Eventually
{
    public static async Task TrueAsync(Func<bool> condition, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition did not hold before the deadline");
            await Task.Delay(20);
        }
    }
}
