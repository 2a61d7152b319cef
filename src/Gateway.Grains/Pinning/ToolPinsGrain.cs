namespace Gateway.Pinning;

/// <summary>
/// The cluster's one set of tool pins (<see cref="IToolPinsGrain"/>), persisted, so every silo
/// judges a definition alike and a restart forgets no pin. The rules are <see cref="PinRules"/>';
/// this grain stores their results, and records their events only once stored.
/// </summary>
[KeepAlive]
public sealed class ToolPinsGrain(
    [PersistentState("tool-pins")] IPersistentState<ToolPinsState> stored,
    IPinningEvents events,
    TimeProvider time) : Grain, IToolPinsGrain
{
    public async Task<PinVerdict> ReviewAsync(string upstream, IReadOnlyList<ToolFingerprint> tools)
    {
        var outcome = PinRules.Review(stored.State, upstream, tools, time.GetUtcNow());
        await StoreAsync(outcome);
        return new PinVerdict(outcome.Result);
    }

    public Task<ToolPins> ListAsync() => Task.FromResult(new ToolPins(stored.State.Pins, stored.State.Held));

    public async Task<ToolPin?> ApproveAsync(string upstream, string tool, string? principal)
    {
        var outcome = PinRules.Approve(stored.State, upstream, tool, principal ?? "unknown", time.GetUtcNow());
        await StoreAsync(outcome);
        return outcome.Result;
    }

    public async Task<HeldTool?> RejectAsync(string upstream, string tool, string? principal)
    {
        var outcome = PinRules.Reject(stored.State, upstream, tool, principal ?? "unknown", time.GetUtcNow());
        await StoreAsync(outcome);
        return outcome.Result;
    }

    private async Task StoreAsync<T>(PinOutcome<T> outcome)
    {
        if (ReferenceEquals(outcome.State, stored.State))
        {
            return;
        }

        stored.State = outcome.State;
        await stored.WriteStateAsync();
        foreach (var happened in outcome.Events)
        {
            events.Record(happened);
        }
    }
}
