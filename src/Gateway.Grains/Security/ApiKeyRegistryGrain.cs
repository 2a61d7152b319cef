namespace Gateway.Security;

[KeepAlive]
public sealed class ApiKeyRegistryGrain(
    [PersistentState("api-keys")] IPersistentState<ApiKeyRegistryState> state) : Grain, IApiKeyRegistryGrain
{
    public Task<ManagedApiKeys> ListAsync() => Task.FromResult(new ManagedApiKeys(state.State.Version, state.State.Keys));

    public async Task<bool> AddAsync(ManagedApiKey key)
    {
        if (state.State.Keys.Any(k => k.Name == key.Name || k.Sha256 == key.Sha256))
        {
            return false;
        }

        await SaveAsync(state.State.Keys.Add(key));
        return true;
    }

    public async Task<bool> RevokeAsync(string name, DateTimeOffset at)
    {
        var index = state.State.Keys.FindIndex(k => k.Name == name && k.RevokedAt is null);
        if (index < 0)
        {
            return false;
        }

        await SaveAsync(state.State.Keys.SetItem(index, state.State.Keys[index] with { RevokedAt = at }));
        return true;
    }

    private async Task SaveAsync(System.Collections.Immutable.ImmutableList<ManagedApiKey> keys)
    {
        state.State = new ApiKeyRegistryState { Version = state.State.Version + 1, Keys = keys };
        await state.WriteStateAsync();
    }
}

/// <summary>The persisted keys (hashes and their grants, never a key itself).</summary>
[GenerateSerializer, Alias("gw.ApiKeyRegistryState")]
public sealed record ApiKeyRegistryState
{
    [Id(0)]
    public long Version { get; init; }

    [Id(1)]
    public System.Collections.Immutable.ImmutableList<ManagedApiKey> Keys { get; init; } = [];
}
