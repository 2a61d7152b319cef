namespace Gateway.Runtime.Membership;

/// <summary>
/// Holds the current view and lets callers await the next one. The view and the promise of its
/// successor live in one immutable state object that is swapped by compare-and-exchange, so a
/// reader never locks and a waiter can never miss a view published between its check and its wait.
/// </summary>
internal sealed class MembershipViewPublisher
{
    private State _state = new(MembershipView.Empty);

    public MembershipView Current => Volatile.Read(ref _state).View;

    /// <summary>Makes <paramref name="view"/> current if it is newer; false if it is not.</summary>
    public bool TryPublish(MembershipView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        while (true)
        {
            var current = Volatile.Read(ref _state);
            if (view.Version <= current.View.Version)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref _state, new State(view), current) == current)
            {
                current.Next.TrySetResult(view);
                return true;
            }
        }
    }

    public async Task<MembershipView> WaitForNewerAsync(long version, CancellationToken cancellationToken)
    {
        while (true)
        {
            var current = Volatile.Read(ref _state);
            if (current.View.Version > version)
            {
                return current.View;
            }

            await current.Next.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private sealed class State(MembershipView view)
    {
        public MembershipView View { get; } = view;

        // Completed when this state is replaced; continuations run off the publisher's thread.
        public TaskCompletionSource<MembershipView> Next { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
