using Gateway.Streams;
using ModelContextProtocol.Protocol;

namespace Gateway.Sessions;

/// <summary>What a session needs on any silo; persisted, so the session outlives its activation.</summary>
public sealed class SessionState
{
    public bool Initialized { get; set; }

    public string ProtocolVersion { get; set; } = "";

    /// <summary>The principal that created the session; only it may use the session.</summary>
    public string? Principal { get; set; }

    /// <summary>Null for the merged endpoint, else the upstream passed through.</summary>
    public string? Server { get; set; }

    public Implementation? ClientInfo { get; set; }

    public ClientCapabilities? ClientCapabilities { get; set; }

    public LoggingLevel? LogLevel { get; set; }

    /// <summary>The client's standalone GET stream, when one is open.</summary>
    public StreamAddress? Stream { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>The catalog version the client last heard of; a resumed stream catches up from it.</summary>
    public long CatalogVersionSeen { get; set; }
}
