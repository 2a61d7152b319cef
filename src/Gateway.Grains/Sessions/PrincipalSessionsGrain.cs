using Gateway.Protocol;
using Microsoft.Extensions.Options;

namespace Gateway.Sessions;

/// <summary>
/// One principal's open sessions under <see cref="SessionCap"/>. Not reentrant: admissions of one
/// principal are decided one after the other, so two initializes racing for the last place cannot
/// both get it. Written on every change, so a re-activation after its silo died counts the same
/// sessions (those whose leases still run). Tells the <see cref="ISessionIndexGrain"/> when the
/// principal's first session opens and its last one ends, so the admin API can find it.
/// </summary>
public sealed class PrincipalSessionsGrain(
    [PersistentState("principal-sessions")] IPersistentState<PrincipalSessionsState> state,
    IOptions<SessionOptions> options,
    TimeProvider time) : Grain, IPrincipalSessionsGrain
{
    private readonly SessionCap _cap = new(options.Value.MaxPerPrincipal, SessionTimings.Lease(options.Value.IdleTimeout));

    private string? Principal => PrincipalSessionsKey.PrincipalOf(this.GetPrimaryKeyString());

    public async Task<SessionAdmission> AdmitAsync(string sessionId, SessionOpening opening)
    {
        var now = time.GetUtcNow();
        var (leases, admission) = _cap.Admit(state.State.Leases, sessionId, now);
        if (admission.Admitted)
        {
            // A retried initialize keeps the time its session was first admitted.
            var opened = state.State.Opened.ContainsKey(sessionId)
                ? state.State.Opened
                : state.State.Opened.SetItem(sessionId, new SessionOpened(opening.Server, now));
            await StoreAsync(state.State with { Leases = leases, Opened = opened, Tenant = opening.Tenant });
        }

        return admission;
    }

    public Task RenewAsync(string sessionId) =>
        StoreAsync(state.State with { Leases = _cap.Renew(state.State.Leases, sessionId, time.GetUtcNow()) });

    public async Task ReleaseAsync(string sessionId)
    {
        if (state.State.Leases.ContainsKey(sessionId))
        {
            await StoreAsync(state.State with { Leases = state.State.Leases.Remove(sessionId) });
        }
    }

    public async Task<OpenSession[]> ListAsync()
    {
        var now = time.GetUtcNow();
        var live = SessionCap.Live(state.State.Leases, now);
        if (live.Count != state.State.Leases.Count)
        {
            await StoreAsync(state.State with { Leases = live });
        }
        else if (live.Count == 0)
        {
            // Nothing to store, but the index may hold an older word (one-way messages can cross): say it again.
            await Index().SetAsync(new PrincipalPresence(Principal, state.State.Tenant, false, state.State.Generation));
        }

        return
        [
            .. live.Select(lease => new OpenSession(
                Principal,
                state.State.Tenant,
                SessionIds.ForLog(lease.Key),
                state.State.Opened.GetValueOrDefault(lease.Key)?.Server,
                state.State.Opened.GetValueOrDefault(lease.Key)?.At,
                lease.Value)),
        ];
    }

    /// <summary>Writes the state, its session details kept to its leases, and tells the index when the principal's first session opened or its last one ended.</summary>
    private async Task StoreAsync(PrincipalSessionsState next)
    {
        var leases = next.Leases;
        var open = !leases.IsEmpty;
        next = next with { Opened = next.Opened.RemoveRange(next.Opened.Keys.Where(id => !leases.ContainsKey(id))) };
        var tell = open != next.Indexed;
        if (tell)
        {
            next = next with { Indexed = open, Generation = next.Generation + 1 };
        }

        state.State = next;
        await state.WriteStateAsync();
        if (tell)
        {
            await Index().SetAsync(new PrincipalPresence(Principal, next.Tenant, open, next.Generation));
        }
    }

    private ISessionIndexGrain Index() => GrainFactory.GetGrain<ISessionIndexGrain>(ISessionIndexGrain.ClusterKey);
}
