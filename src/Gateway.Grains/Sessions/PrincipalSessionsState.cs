using System.Collections.Immutable;

namespace Gateway.Sessions;

/// <summary>
/// A principal's counted sessions, persisted so that the cap outlives the grain's silo: each
/// session id with the moment its lease ends. Leases that ended are dropped when next looked at.
/// </summary>
[GenerateSerializer, Alias("gw.PrincipalSessionsState")]
public sealed record PrincipalSessionsState
{
    [Id(0)]
    public ImmutableDictionary<string, DateTimeOffset> Leases { get; init; } = ImmutableDictionary<string, DateTimeOffset>.Empty;
}
