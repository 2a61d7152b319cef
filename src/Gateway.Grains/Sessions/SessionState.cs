using ModelContextProtocol.Protocol;

namespace Gateway.Sessions;

/// <summary>
/// What a session needs on any silo; persisted, so the session outlives its activation. Written
/// on initialize and on logging/setLevel only: opening or closing a stream costs no write.
/// </summary>
[GenerateSerializer, Alias("gw.SessionState")]
public sealed record SessionState
{
    [Id(0)]
    public bool Initialized { get; init; }

    [Id(1)]
    public string ProtocolVersion { get; init; } = "";

    /// <summary>The principal that created the session; only it may use the session.</summary>
    [Id(2)]
    public string? Principal { get; init; }

    /// <summary>Null for the merged endpoint, else the upstream passed through.</summary>
    [Id(3)]
    public string? Server { get; init; }

    [Id(4)]
    public Implementation? ClientInfo { get; init; }

    [Id(5)]
    public ClientCapabilities? ClientCapabilities { get; init; }

    [Id(6)]
    public LoggingLevel? LogLevel { get; init; }

    [Id(7)]
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>The catalog version the client last heard of; a resumed stream catches up from it.</summary>
    [Id(8)]
    public long CatalogVersionSeen { get; init; }
}
