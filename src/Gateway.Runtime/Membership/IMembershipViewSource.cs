namespace Gateway.Runtime.Membership;

/// <summary>Where placement and routing get the current membership view from.</summary>
public interface IMembershipViewSource
{
    /// <summary>The latest view; a plain read, never a lock or a table access.</summary>
    MembershipView CurrentView { get; }

    /// <summary>Raised after a newer view has replaced <see cref="CurrentView"/>.</summary>
    event EventHandler<MembershipView>? ViewChanged;

    /// <summary>Completes with the first view whose version is above <paramref name="version"/> (at once if the current one is).</summary>
    Task<MembershipView> WaitForNewerViewAsync(long version, CancellationToken cancellationToken);

    /// <summary>Reads the table now and returns the resulting view (for a silo that suspects its view is stale).</summary>
    Task<MembershipView> RefreshAsync(CancellationToken cancellationToken);
}
