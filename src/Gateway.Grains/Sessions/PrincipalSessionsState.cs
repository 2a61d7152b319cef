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

    /// <summary>When and where each of <see cref="Leases"/> was admitted; kept to the same ids.</summary>
    [Id(1)]
    public ImmutableDictionary<string, SessionOpened> Opened { get; init; } = ImmutableDictionary<string, SessionOpened>.Empty;

    /// <summary>The principal's tenant at its latest admission.</summary>
    [Id(2)]
    public string? Tenant { get; init; }

    /// <summary>Whether the session index was last told that the principal holds open sessions.</summary>
    [Id(3)]
    public bool Indexed { get; init; }

    /// <summary>How many times the index was told (<see cref="PrincipalPresence.Generation"/>).</summary>
    [Id(4)]
    public long Generation { get; init; }
}
