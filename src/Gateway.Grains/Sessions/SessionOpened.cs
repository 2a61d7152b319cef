namespace Gateway.Sessions;

/// <summary>When a counted session was admitted, and on which virtual server (null: the merged <c>/mcp</c>).</summary>
[GenerateSerializer, Immutable, Alias("gw.SessionOpened")]
public sealed record SessionOpened([property: Id(0)] string? Server, [property: Id(1)] DateTimeOffset At);
