using Microsoft.Extensions.Options;

namespace Gateway.Sessions;

/// <summary>
/// One principal's open sessions under <see cref="SessionCap"/>. Not reentrant: admissions of one
/// principal are decided one after the other, so two initializes racing for the last place cannot
/// both get it. Written on every change, so a re-activation after its silo died counts the same
/// sessions (those whose leases still run).
/// </summary>
public sealed class PrincipalSessionsGrain(
    [PersistentState("principal-sessions")] IPersistentState<PrincipalSessionsState> state,
    IOptions<SessionOptions> options,
    TimeProvider time) : Grain, IPrincipalSessionsGrain
{
    private readonly SessionCap _cap = new(options.Value.MaxPerPrincipal, SessionTimings.Lease(options.Value.IdleTimeout));

    public async Task<SessionAdmission> AdmitAsync(string sessionId)
    {
        var (leases, admission) = _cap.Admit(state.State.Leases, sessionId, time.GetUtcNow());
        if (admission.Admitted)
        {
            state.State = state.State with { Leases = leases };
            await state.WriteStateAsync();
        }

        return admission;
    }

    public async Task RenewAsync(string sessionId)
    {
        state.State = state.State with { Leases = _cap.Renew(state.State.Leases, sessionId, time.GetUtcNow()) };
        await state.WriteStateAsync();
    }

    public async Task ReleaseAsync(string sessionId)
    {
        if (state.State.Leases.ContainsKey(sessionId))
        {
            state.State = state.State with { Leases = state.State.Leases.Remove(sessionId) };
            await state.WriteStateAsync();
        }
    }
}
