using Gateway.Runtime.Catalog;
using Gateway.Runtime.Tests.TestSupport;

namespace Gateway.Runtime.Tests.Catalog;

public sealed class ActivationTaskSchedulerTests
{
    [Fact]
    public async Task Run_WhenIdle_RunsOnTheCallersThreadAndCompletesAtOnce()
    {
        var scheduler = new ActivationTaskScheduler();
        var caller = Environment.CurrentManagedThreadId;

        var ran = scheduler.Run(() => Task.FromResult(Environment.CurrentManagedThreadId), allowInline: true);

        Assert.True(ran.IsCompletedSuccessfully);
        Assert.Equal(caller, await ran);
    }

    [Fact]
    public async Task Run_WithoutInlining_NeverRunsOnTheCallersThread()
    {
        var scheduler = new ActivationTaskScheduler();
        var caller = Environment.CurrentManagedThreadId;

        var ranOn = await scheduler.Run(() => Task.FromResult(Environment.CurrentManagedThreadId), allowInline: false).Within();

        Assert.NotEqual(caller, ranOn);
    }

    [Fact]
    public async Task Run_WhileAnotherTaskRuns_QueuesBehindIt()
    {
        var scheduler = new ActivationTaskScheduler();
        using var release = new SemaphoreSlim(0);
        using var started = new SemaphoreSlim(0);
        var blocker = Task.Factory.StartNew(
            () =>
            {
                started.Release();
                release.Wait();
            },
            CancellationToken.None,
            TaskCreationOptions.None,
            scheduler);
        await started.WaitAsync().Within();

        var queued = scheduler.Run(() => Task.FromResult(true), allowInline: true);

        Assert.False(queued.IsCompleted);
        release.Release();
        await blocker.Within();
        Assert.True(await queued.Within());
    }

    [Fact]
    public async Task InlinedWork_IgnoresTheCallersSynchronizationContext_AndResumesOnTheScheduler()
    {
        var scheduler = new ActivationTaskScheduler();
        var callerContext = new RecordingContext();
        var previous = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(callerContext);
        Task<bool> run;
        try
        {
            run = scheduler.Run(
                async () =>
                {
                    await Task.Yield();
                    return TaskScheduler.Current == scheduler;
                },
                allowInline: true);
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(previous);
        }

        Assert.True(await run.Within());
        Assert.Equal(0, callerContext.Posts);
    }

    [Fact]
    public async Task Tasks_FromManyThreads_RunOneAtATimeInTheOrderEachThreadQueuedThem()
    {
        var scheduler = new ActivationTaskScheduler();
        var running = 0;
        var overlapped = false;
        var seen = new List<(int Producer, int Sequence)>();

        var producers = Enumerable.Range(0, 8).Select(producer => Task.Run(async () =>
        {
            var runs = new List<Task<int>>();
            for (var sequence = 0; sequence < 200; sequence++)
            {
                var item = (producer, sequence);
                runs.Add(scheduler.Run(
                    () =>
                    {
                        overlapped |= Interlocked.Increment(ref running) > 1;
                        seen.Add(item);
                        Interlocked.Decrement(ref running);
                        return Task.FromResult(0);
                    },
                    allowInline: sequence % 2 == 0));
            }

            await Task.WhenAll(runs);
        }));
        await Task.WhenAll(producers).Within();

        Assert.False(overlapped);
        Assert.Equal(1600, seen.Count);
        foreach (var group in seen.GroupBy(s => s.Producer))
        {
            Assert.Equal(Enumerable.Range(0, 200), group.Select(s => s.Sequence));
        }
    }

    private sealed class RecordingContext : SynchronizationContext
    {
        private int _posts;

        public int Posts => Volatile.Read(ref _posts);

        public override void Post(SendOrPostCallback d, object? state)
        {
            Interlocked.Increment(ref _posts);
            base.Post(d, state);
        }
    }
}
