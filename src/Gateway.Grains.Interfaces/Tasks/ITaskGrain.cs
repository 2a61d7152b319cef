namespace Gateway.Tasks;

/// <summary>
/// One MCP task (2025-11-25 task augmentation) created through the gateway, keyed by the task id
/// the gateway gave its client (random, unguessable). It records whose task it is and where it
/// runs (the upstream and the upstream's own task id), and the task's last known state. Anyone but
/// the session that created it is answered as if the task did not exist; past its lifetime it
/// forgets itself.
/// </summary>
public interface ITaskGrain : IGrainWithStringKey
{
    Task CreateAsync(TaskRecord record);

    /// <summary>The record when <paramref name="owner"/> created the task and it has not expired; else null, for unknown and foreign alike.</summary>
    Task<TaskRecord?> FindAsync(TaskOwner owner);

    /// <summary>Keeps the task's latest state (the Task JSON with the gateway's id), as an answer or notification of the upstream told it.</summary>
    Task NoteAsync(string task);

    /// <summary>Clears the state: the session that created the task ended.</summary>
    Task ForgetAsync();
}
