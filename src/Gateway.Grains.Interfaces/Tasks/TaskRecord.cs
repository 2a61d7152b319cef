namespace Gateway.Tasks;

/// <summary>A task as the gateway knows it.</summary>
/// <param name="Owner">The session that created it, with its principal and tenant.</param>
/// <param name="Upstream">The upstream running it.</param>
/// <param name="UpstreamTaskId">The upstream's own id of the task, which the client never sees.</param>
/// <param name="ExpiresAt">When the gateway forgets it: its ttl from creation, capped by Gateway:Sessions:MaxTaskLifetime.</param>
/// <param name="LastKnown">The task's last known state: the Task JSON, under the gateway's id.</param>
[GenerateSerializer, Immutable, Alias("gw.TaskRecord")]
public sealed record TaskRecord(
    [property: Id(0)] TaskOwner Owner,
    [property: Id(1)] string Upstream,
    [property: Id(2)] string UpstreamTaskId,
    [property: Id(3)] DateTimeOffset CreatedAt,
    [property: Id(4)] DateTimeOffset ExpiresAt,
    [property: Id(5)] string LastKnown);
