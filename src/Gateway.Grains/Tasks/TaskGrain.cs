using Microsoft.Extensions.Logging;

namespace Gateway.Tasks;

/// <summary>
/// One task created through the gateway (<see cref="ITaskGrain"/>). Expiry is checked on every
/// call: a task past its lifetime clears its state at its next touch, and rows no grain touches
/// again are deleted by the storage sweep (a cleared row at once, any row a lifetime after its
/// last write), so tasks never accumulate.
/// </summary>
public sealed partial class TaskGrain(
    [PersistentState(TaskGrain.StateName)] IPersistentState<TaskState> state,
    TimeProvider time,
    ILogger<TaskGrain> logger) : Grain, ITaskGrain
{
    /// <summary>The name the task's state is stored under (the rows' state_name), which the storage sweep looks for.</summary>
    public const string StateName = "task";

    public async Task CreateAsync(TaskRecord record)
    {
        state.State = new TaskState { Record = record };
        await state.WriteStateAsync();
    }

    public async Task<TaskRecord?> FindAsync(TaskOwner owner)
    {
        if (await LiveAsync() is not { } record)
        {
            return null;
        }

        // Another principal's, tenant's or session's task is answered as an unknown one: its id tells nothing.
        return record.Owner == owner ? record : null;
    }

    public async Task NoteAsync(string task)
    {
        if (await LiveAsync() is { } record && record.LastKnown != task)
        {
            state.State = new TaskState { Record = record with { LastKnown = task } };
            await state.WriteStateAsync();
        }
    }

    public async Task ForgetAsync()
    {
        if (state.State.Record is not null)
        {
            await state.ClearStateAsync();
        }

        DeactivateOnIdle();
    }

    /// <summary>The record while the task lives; clears one that outlived its lifetime.</summary>
    private async Task<TaskRecord?> LiveAsync()
    {
        if (state.State.Record is not { } record)
        {
            return null;
        }

        if (time.GetUtcNow() < record.ExpiresAt)
        {
            return record;
        }

        LogExpired(logger, record.Upstream);
        await ForgetAsync();
        return null;
    }

    [LoggerMessage(EventId = 2700, Level = LogLevel.Debug, Message = "A task of upstream {Upstream} passed its lifetime; forgotten")]
    private static partial void LogExpired(ILogger logger, string upstream);
}
