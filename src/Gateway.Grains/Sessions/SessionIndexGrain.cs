namespace Gateway.Sessions;

/// <summary>
/// The principals with open sessions, cluster-wide. Persisted, not kept in memory: the sessions
/// it points to outlive a silo (their state and leases are stored), so an index lost with its
/// silo would hide them from the admin API until each principal's sessions all ended and began
/// again. It is written only when a principal's first session opens or its last one ends, not per
/// request. A principal whose sessions ended unseen (their silo died) stays listed until its grain
/// is next asked, which finds no live lease and says so.
/// </summary>
public sealed class SessionIndexGrain(
    [PersistentState("session-index")] IPersistentState<SessionIndexState> state) : Grain, ISessionIndexGrain
{
    public async Task SetAsync(PrincipalPresence presence)
    {
        var key = PrincipalSessionsKey.For(presence.Principal);
        var held = state.State.Open.GetValueOrDefault(key);
        if (held is not null && held.Generation > presence.Generation || held is null && !presence.Open)
        {
            return;
        }

        state.State = state.State with { Open = presence.Open ? state.State.Open.SetItem(key, presence) : state.State.Open.Remove(key) };
        await state.WriteStateAsync();
    }

    public Task<PrincipalPresence[]> ListAsync() => Task.FromResult<PrincipalPresence[]>([.. state.State.Open.Values]);
}
