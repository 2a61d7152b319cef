using Gateway.Runtime;

namespace Gateway.Upstreams;

[CollectionAgeLimit(AlwaysActive = true)]
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

        state.State.Upstreams.Add(definition);
        await state.WriteStateAsync();
        return true;
    }

    public async Task<bool> RemoveAsync(string name)
    {
        if (state.State.Upstreams.RemoveAll(u => u.Name == name) == 0)
        {
            return false;
        }

        await state.WriteStateAsync();
        return true;
    }
}
