using Orleans;
using Orleans.Runtime;
using Orleans.Storage;

namespace Gateway.Cluster.Tests.Infrastructure;

/// <summary>
/// Grain state held by the test process and shared by every silo of the test cluster: it stands
/// for the PostgreSQL database a real cluster shares, so state outlives any one silo, stopped or
/// killed. (Orleans' memory storage keeps state in grains on the silos themselves, so a silo that
/// goes would take part of the state with it.) State goes through the gateway's own JSON
/// serializer, and ETags are checked as the real stores check them.
/// </summary>
public sealed class SharedGrainStorage(IGrainStorageSerializer serializer) : IGrainStorage
{
    private readonly Dictionary<string, (BinaryData Data, string ETag)> _rows = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        (BinaryData Data, string ETag) row;
        bool found;
        lock (_gate)
        {
            found = _rows.TryGetValue(Key(stateName, grainId), out row);
        }

        grainState.State = found ? serializer.Deserialize<T>(row.Data) : Activator.CreateInstance<T>();
        grainState.ETag = found ? row.ETag : null;
        grainState.RecordExists = found;
        return Task.CompletedTask;
    }

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var data = serializer.Serialize(grainState.State);
        var etag = Guid.NewGuid().ToString("N");
        lock (_gate)
        {
            var key = Key(stateName, grainId);
            Check(key, grainState.ETag);
            _rows[key] = (data, etag);
        }

        grainState.ETag = etag;
        grainState.RecordExists = true;
        return Task.CompletedTask;
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        lock (_gate)
        {
            var key = Key(stateName, grainId);
            Check(key, grainState.ETag);
            _rows.Remove(key);
        }

        grainState.ETag = null;
        grainState.RecordExists = false;
        grainState.State = Activator.CreateInstance<T>();
        return Task.CompletedTask;
    }

    private static string Key(string stateName, GrainId grainId) => $"{stateName}/{grainId}";

    /// <summary>A writer that did not read the latest row is refused, as an ADO.NET store refuses a stale row version.</summary>
    private void Check(string key, string? etag)
    {
        var stored = _rows.TryGetValue(key, out var row) ? row.ETag : null;
        if (stored != etag)
        {
            throw new InconsistentStateException($"Stale write to {key}", stored, etag);
        }
    }
}
