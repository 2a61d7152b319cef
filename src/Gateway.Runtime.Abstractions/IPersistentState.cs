namespace Gateway.Runtime;

/// <summary>
/// State of one grain kept in a storage provider, with ETag optimistic concurrency: a write whose
/// ETag no longer matches the stored one fails with <see cref="InconsistentStateException"/>, so a
/// stale activation can never overwrite newer state.
/// </summary>
public interface IPersistentState<TState>
    where TState : new()
{
    TState State { get; set; }

    string? Etag { get; }

    bool RecordExists { get; }

    Task ReadStateAsync(CancellationToken cancellationToken = default);

    Task WriteStateAsync(CancellationToken cancellationToken = default);

    Task ClearStateAsync(CancellationToken cancellationToken = default);
}
