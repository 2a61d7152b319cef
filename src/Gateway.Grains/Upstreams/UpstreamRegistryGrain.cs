namespace Gateway.Upstreams;

[KeepAlive]
public sealed class UpstreamRegistryGrain(
    [PersistentState("upstream-registry")] IPersistentState<UpstreamRegistryState> state) : Grain, IUpstreamRegistryGrain
{
    public Task<IReadOnlyList<UpstreamDefinition>> ListAsync() =>
        Task.FromResult<IReadOnlyList<UpstreamDefinition>>(state.State.Upstreams.ToArray());

    public async Task<bool> AddAsync(UpstreamDefinition definition)
    {
        if (state.State.Upstreams.Any(u => u.Name == definition.Name))
        {
            return false;
        }

        state.State = state.State with { Upstreams = [.. state.State.Upstreams, definition] };
        await state.WriteStateAsync();
        return true;
    }

    public async Task<bool> RemoveAsync(string name)
    {
        if (!state.State.Upstreams.Any(u => u.Name == name))
        {
            return false;
        }

        state.State = state.State with { Upstreams = [.. state.State.Upstreams.Where(u => u.Name != name)] };
        await state.WriteStateAsync();
        return true;
    }
}
