namespace Gateway.Runtime;

/// <summary>
/// A storage provider: opaque JSON payloads keyed by state name and grain id, guarded by ETags.
/// Providers: memory, SQLite, PostgreSQL.
/// </summary>
public interface IGrainStorage
{
    /// <summary>Reads a record, or null when none exists.</summary>
    Task<GrainStateRecord?> ReadAsync(string stateName, GrainId grainId, CancellationToken cancellationToken);

    /// <summary>
    /// Writes a record when the stored ETag equals <paramref name="expectedEtag"/> (null: no record
    /// may exist yet) and returns the new ETag; otherwise throws <see cref="InconsistentStateException"/>.
    /// </summary>
    Task<string> WriteAsync(
        string stateName, GrainId grainId, string payload, string? expectedEtag, CancellationToken cancellationToken);

    /// <summary>Deletes a record under the same ETag rule as <see cref="WriteAsync"/>.</summary>
    Task ClearAsync(string stateName, GrainId grainId, string? expectedEtag, CancellationToken cancellationToken);
}

public sealed record GrainStateRecord(string Payload, string Etag);
