using System.Text.Json;
using Gateway.Runtime.Storage;

namespace Gateway.Runtime;

/// <summary>
/// One grain's state in a storage provider, as JSON (System.Text.Json, web defaults). Writes and
/// clears carry the ETag of the last read or write, so a write based on stale state fails with
/// <see cref="InconsistentStateException"/> instead of overwriting newer state.
/// </summary>
public sealed class PersistentState<TState> : IPersistentState<TState>, IPersistentStateBinding
    where TState : new()
{
    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web);

    private readonly string _stateName;
    private readonly GrainId _grainId;
    private readonly IGrainStorage _storage;

    public PersistentState(string stateName, GrainId grainId, IGrainStorage storage)
    {
        ArgumentException.ThrowIfNullOrEmpty(stateName);
        ArgumentNullException.ThrowIfNull(storage);
        _stateName = stateName;
        _grainId = grainId;
        _storage = storage;
    }

    public TState State { get; set; } = new();

    public string? Etag { get; private set; }

    public bool RecordExists { get; private set; }

    public async Task ReadStateAsync(CancellationToken cancellationToken = default)
    {
        var record = await _storage.ReadAsync(_stateName, _grainId, cancellationToken).ConfigureAwait(false);
        if (record is null)
        {
            State = new();
            Etag = null;
            RecordExists = false;
            return;
        }

        State = JsonSerializer.Deserialize<TState>(record.Payload, s_json) ?? new();
        Etag = record.Etag;
        RecordExists = true;
    }

    public async Task WriteStateAsync(CancellationToken cancellationToken = default)
    {
        var payload = JsonSerializer.Serialize(State, s_json);
        Etag = await _storage.WriteAsync(_stateName, _grainId, payload, Etag, cancellationToken).ConfigureAwait(false);
        RecordExists = true;
    }

    public async Task ClearStateAsync(CancellationToken cancellationToken = default)
    {
        await _storage.ClearAsync(_stateName, _grainId, Etag, cancellationToken).ConfigureAwait(false);
        State = new();
        Etag = null;
        RecordExists = false;
    }
}
