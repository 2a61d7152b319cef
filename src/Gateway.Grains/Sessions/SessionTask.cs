namespace Gateway.Sessions;

/// <summary>
/// A task this session created, as the session indexes it: enough to list its tasks, keep them
/// under the cap, and map an upstream's notifications/tasks/status to the gateway's id, with no
/// call to the task's grain (<see cref="Tasks.ITaskGrain"/>, which holds the rest).
/// </summary>
[GenerateSerializer, Immutable, Alias("gw.SessionTask")]
public sealed record SessionTask(
    [property: Id(0)] string Upstream,
    [property: Id(1)] string UpstreamTaskId,
    [property: Id(2)] DateTimeOffset ExpiresAt);
