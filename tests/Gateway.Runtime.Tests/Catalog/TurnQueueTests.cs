using Gateway.Runtime.Catalog;
using Gateway.Runtime.Tests.TestSupport;

namespace Gateway.Runtime.Tests.Catalog;

public sealed class TurnQueueTests
{
    [Fact]
    public void Acquire_OfAFreeTurn_CompletesAtOnce()
    {
        var turns = new TurnQueue();

        Assert.True(turns.AcquireAsync().IsCompletedSuccessfully);
        Assert.True(turns.IsHeld);
    }

    [Fact]
    public async Task Waiters_GetTheTurnInArrivalOrder_AndFirstJumpsTheQueue()
    {
        var turns = new TurnQueue(held: true);
        var order = new List<string>();
        var a = turns.AcquireAsync().AsTask().ContinueWith(_ => order.Add("a"), TaskScheduler.Default);
        var b = turns.AcquireAsync().AsTask().ContinueWith(_ => order.Add("b"), TaskScheduler.Default);
        var urgent = turns.AcquireAsync(first: true).AsTask().ContinueWith(_ => order.Add("urgent"), TaskScheduler.Default);

        foreach (var granted in new[] { urgent, a, b })
        {
            turns.Release();
            await granted.Within();
        }

        Assert.Equal(["urgent", "a", "b"], order);
        turns.Release();
        Assert.False(turns.IsHeld);
    }

    [Fact]
    public async Task CancelledWaiter_LeavesTheQueue_AndTheNextOneGetsTheTurn()
    {
        var turns = new TurnQueue(held: true);
        using var cancellation = new CancellationTokenSource();
        var cancelled = turns.AcquireAsync(cancellationToken: cancellation.Token).AsTask();
        var next = turns.AcquireAsync().AsTask();

        await cancellation.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled).Within();
        turns.Release();

        await next.Within();
        Assert.True(turns.IsHeld);
    }
}
