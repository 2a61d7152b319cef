using System.Collections.Concurrent;
using System.Runtime.CompilerServices;

namespace Gateway.Runtime.Catalog;

/// <summary>
/// The scheduler of one activation: runs its tasks one at a time, in FIFO order, on the thread
/// pool; awaits in grain code come back here because it is TaskScheduler.Current while they run.
/// Unlike ConcurrentExclusiveSchedulerPair it can also run a call on the caller's thread when the
/// activation is idle (<see cref="Run"/>), which saves two thread hops on a local call whose
/// grain method completes without waiting: the cost of a local call drops from a thread-pool
/// round trip to a few hundred nanoseconds.
/// </summary>
internal sealed class ActivationTaskScheduler : TaskScheduler, IThreadPoolWorkItem
{
    // Tasks run per thread-pool visit before yielding the thread to others.
    private const int BatchSize = 64;

    [ThreadStatic]
    private static ActivationTaskScheduler? t_running;

    private readonly ConcurrentQueue<Task> _queue = new();

    // 1 while some thread (pool worker or an inlining caller) owns this scheduler.
    private int _owned;

    public override int MaximumConcurrencyLevel => 1;

    /// <summary>
    /// Runs <paramref name="work"/> on this scheduler. When <paramref name="allowInline"/> and the
    /// activation is idle, the caller's thread runs it (and anything queued meanwhile) until it
    /// first waits; otherwise it is queued.
    /// </summary>
    public Task<T> Run<T>(Func<Task<T>> work, bool allowInline)
    {
        var task = new Task<Task<T>>(work, CancellationToken.None, TaskCreationOptions.DenyChildAttach);
        if (allowInline && RuntimeHelpers.TryEnsureSufficientExecutionStack() &&
            Interlocked.CompareExchange(ref _owned, 1, 0) == 0)
        {
            task.Start(this);

            // Grain code must not capture the caller's context: with none, its awaits use this scheduler.
            var callerContext = SynchronizationContext.Current;
            SynchronizationContext.SetSynchronizationContext(null);
            try
            {
                RunQueue();
            }
            finally
            {
                SynchronizationContext.SetSynchronizationContext(callerContext);
            }
        }
        else
        {
            task.Start(this);
        }

        return task.Unwrap();
    }

    void IThreadPoolWorkItem.Execute() => RunQueue();

    protected override void QueueTask(Task task)
    {
        _queue.Enqueue(task);
        if (Interlocked.CompareExchange(ref _owned, 1, 0) == 0)
        {
            ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
        }
    }

    // Only a thread already running this activation may run its tasks inline, as with
    // ConcurrentExclusiveSchedulerPair; anything else would break exclusivity.
    protected override bool TryExecuteTaskInline(Task task, bool taskWasPreviouslyQueued) =>
        t_running == this && TryExecuteTask(task);

    protected override IEnumerable<Task> GetScheduledTasks() => [.. _queue];

    /// <summary>Runs queued tasks while owning the scheduler, then lets go of it.</summary>
    private void RunQueue()
    {
        var previous = t_running;
        t_running = this;
        try
        {
            while (true)
            {
                for (var i = 0; i < BatchSize && _queue.TryDequeue(out var task); i++)
                {
                    TryExecuteTask(task);
                }

                if (!_queue.IsEmpty)
                {
                    // Still owned: continue on the pool so one busy activation cannot hold a thread forever.
                    ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
                    return;
                }

                Volatile.Write(ref _owned, 0);

                // A task queued between the last dequeue and the release found the scheduler owned
                // and did not schedule a visit: take it back and run it.
                if (_queue.IsEmpty || Interlocked.CompareExchange(ref _owned, 1, 0) != 0)
                {
                    return;
                }
            }
        }
        finally
        {
            t_running = previous;
        }
    }
}
