using System.Collections.Concurrent;
using System.Globalization;

namespace Gateway.Runtime;

/// <summary>
/// Grain state in process memory: for tests and for grains whose state may die with the silo.
/// ETags are a per-provider counter, so every write produces a value never seen before.
/// </summary>
public sealed class MemoryGrainStorage : IGrainStorage
{
    private readonly ConcurrentDictionary<(string StateName, GrainId GrainId), GrainStateRecord> _records = new();
    private long _version;

    public Task<GrainStateRecord?> ReadAsync(string stateName, GrainId grainId, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(_records.TryGetValue((stateName, grainId), out var record) ? record : null);
    }

    public Task<string> WriteAsync(
        string stateName, GrainId grainId, string payload, string? expectedEtag, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(payload);
        cancellationToken.ThrowIfCancellationRequested();
        var key = (stateName, grainId);
        var written = new GrainStateRecord(payload, NextEtag());
        if (expectedEtag is null)
        {
            if (!_records.TryAdd(key, written))
            {
                throw Conflict("write", stateName, grainId, expectedEtag);
            }

            return Task.FromResult(written.Etag);
        }

        // TryUpdate compares by reference, so a writer that raced us between the read and the swap loses.
        if (!_records.TryGetValue(key, out var stored) || stored.Etag != expectedEtag || !_records.TryUpdate(key, written, stored))
        {
            throw Conflict("write", stateName, grainId, expectedEtag);
        }

        return Task.FromResult(written.Etag);
    }

    public Task ClearAsync(string stateName, GrainId grainId, string? expectedEtag, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var key = (stateName, grainId);
        if (expectedEtag is null)
        {
            return _records.ContainsKey(key) ? throw Conflict("clear", stateName, grainId, expectedEtag) : Task.CompletedTask;
        }

        if (!_records.TryGetValue(key, out var stored) || stored.Etag != expectedEtag ||
            !_records.TryRemove(new KeyValuePair<(string, GrainId), GrainStateRecord>(key, stored)))
        {
            throw Conflict("clear", stateName, grainId, expectedEtag);
        }

        return Task.CompletedTask;
    }

    private string NextEtag() => Interlocked.Increment(ref _version).ToString(CultureInfo.InvariantCulture);

    private InconsistentStateException Conflict(string operation, string stateName, GrainId grainId, string? expectedEtag)
    {
        var storedEtag = _records.TryGetValue((stateName, grainId), out var stored) ? stored.Etag : null;
        return new InconsistentStateException(
            $"Cannot {operation} state '{stateName}' of grain {grainId}: expected ETag '{expectedEtag ?? "(none)"}', " +
            $"stored ETag '{storedEtag ?? "(none)"}'.",
            storedEtag,
            expectedEtag);
    }
}
