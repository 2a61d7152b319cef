using System.Collections.Immutable;

namespace Gateway.Sessions;

/// <summary>The session index, persisted: each principal with open sessions by its <see cref="PrincipalSessionsKey"/>.</summary>
[GenerateSerializer, Alias("gw.SessionIndexState")]
public sealed record SessionIndexState
{
    [Id(0)]
    public ImmutableDictionary<string, PrincipalPresence> Open { get; init; } = ImmutableDictionary<string, PrincipalPresence>.Empty;
}
