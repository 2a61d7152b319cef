namespace Gateway.Tasks;

/// <summary>Who may see a task: the principal and tenant of the session that created it, and that session.</summary>
[GenerateSerializer, Immutable, Alias("gw.TaskOwner")]
public sealed record TaskOwner(
    [property: Id(0)] string? Principal,
    [property: Id(1)] string? Tenant,
    [property: Id(2)] string SessionId);
