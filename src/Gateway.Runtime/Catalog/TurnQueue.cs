namespace Gateway.Runtime.Catalog;

/// <summary>
/// The turn of one activation: an async lock granted in FIFO order. A holder keeps the turn from
/// the start of a call until its returned task completes, so the next call waits for the whole
/// call, not just for its synchronous part. Deactivation may jump the queue (<c>first</c>) so that
/// it runs right after the current turn, as Orleans' DeactivateOnIdle does.
/// </summary>
internal sealed class TurnQueue
{
    private readonly Lock _gate = new();
    private readonly LinkedList<Waiter> _waiters = new();
    private bool _held;

    /// <param name="held">True to create the queue already held, for the activation turn itself.</param>
    public TurnQueue(bool held = false) => _held = held;

    public bool IsHeld
    {
        get
        {
            lock (_gate)
            {
                return _held;
            }
        }
    }

    /// <summary>Waits for the turn. A cancelled wait leaves the queue without ever holding the turn.</summary>
    public ValueTask AcquireAsync(bool first = false, CancellationToken cancellationToken = default)
    {
        Waiter waiter;
        lock (_gate)
        {
            if (!_held)
            {
                _held = true;
                return ValueTask.CompletedTask;
            }

            cancellationToken.ThrowIfCancellationRequested();
            waiter = new Waiter(this);
            waiter.Node = first ? _waiters.AddFirst(waiter) : _waiters.AddLast(waiter);
        }

        if (cancellationToken.CanBeCanceled)
        {
            waiter.Registration = cancellationToken.UnsafeRegister(
                static (state, token) => ((Waiter)state!).Owner.Cancel((Waiter)state!, token), waiter);
        }

        return new ValueTask(waiter.Completion.Task);
    }

    /// <summary>Hands the turn to the next waiter, or frees it.</summary>
    public void Release()
    {
        Waiter next;
        lock (_gate)
        {
            if (_waiters.First is not { } node)
            {
                _held = false;
                return;
            }

            next = node.Value;
            _waiters.RemoveFirst();
            next.Node = null;
        }

        next.Registration.Unregister();
        next.Completion.TrySetResult();
    }

    private void Cancel(Waiter waiter, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            // Already granted: the holder owns the turn and must release it.
            if (waiter.Node is null)
            {
                return;
            }

            _waiters.Remove(waiter.Node);
            waiter.Node = null;
        }

        waiter.Completion.TrySetCanceled(cancellationToken);
    }

    private sealed class Waiter(TurnQueue owner)
    {
        public TurnQueue Owner { get; } = owner;

        // Continuations run asynchronously so that Release never runs the next turn inline.
        public TaskCompletionSource Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public LinkedListNode<Waiter>? Node { get; set; }

        public CancellationTokenRegistration Registration { get; set; }
    }
}
