using System.Collections.Immutable;
using Gateway.Upstreams;
using ModelContextProtocol.Protocol;

namespace Gateway.Sessions;

/// <summary>
/// What a session needs on any silo; persisted, so the session outlives its activation. Written
/// on initialize, on logging/setLevel, when an upstream session is opened, and when the client's
/// activity is a quarter of the idle timeout newer than the stored one: opening or closing a
/// stream, and a call, cost no write of their own.
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

    /// <summary>The client's name and version from its initialize.</summary>
    [Id(4)]
    public SessionClient? Client { get; init; }

    /// <summary>The capabilities the client declared, as the JSON it sent: kept, not interpreted, so stored state never depends on the SDK's types.</summary>
    [Id(5)]
    public string? ClientCapabilities { get; init; }

    [Id(6)]
    public LoggingLevel? LogLevel { get; init; }

    [Id(7)]
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>The catalog version the client last heard of; a resumed stream catches up from it.</summary>
    [Id(8)]
    public long CatalogVersionSeen { get; init; }

    /// <summary>
    /// The Streamable HTTP upstream sessions this session opened, by upstream, so that the silo it
    /// re-activates on carries them on: the upstream never sees a new session after a silo's death.
    /// </summary>
    [Id(9)]
    public ImmutableDictionary<string, UpstreamSessionRecord> UpstreamSessions { get; init; } = ImmutableDictionary<string, UpstreamSessionRecord>.Empty;

    /// <summary>
    /// The client's last activity as last stored; the real one may be up to a quarter of the idle
    /// timeout later (<see cref="SessionTimings"/>). An activation that finds it older than the
    /// session may live ends the session. State stored before expiry existed reads as the year 1: long expired.
    /// </summary>
    [Id(10)]
    public DateTimeOffset LastActivityAt { get; init; }

    /// <summary>
    /// The principal's tenant when it opened the session: the session sees that tenant's upstreams
    /// only (<see cref="Security.Tenancy"/>), and a request naming another tenant is refused.
    /// </summary>
    [Id(11)]
    public string? Tenant { get; init; }

    /// <summary>
    /// The resources the client subscribed to (resources/subscribe), by URI, with the upstream that
    /// serves each: a new upstream session (another silo, a restarted process) is subscribed again,
    /// and notifications/resources/updated reaches the client only for these.
    /// </summary>
    [Id(12)]
    public ImmutableDictionary<string, string> Subscriptions { get; init; } = ImmutableDictionary.Create<string, string>(StringComparer.Ordinal);

    /// <summary>
    /// The session of session-less (2026-07-28) requests (<see cref="SessionIds.Sessionless"/>):
    /// opened by its first request, never by initialize, and never reachable by an Mcp-Session-Id.
    /// </summary>
    [Id(13)]
    public bool Sessionless { get; init; }

    /// <summary>
    /// The upstreams' requests waiting for the client's answer, by the id the client was given:
    /// an answer that reaches an activation other than the one that asked still goes to the
    /// upstream session, and one that never comes is answered with an error when it is due.
    /// </summary>
    [Id(14)]
    public ImmutableDictionary<string, PendingAsk> PendingAsks { get; init; } = ImmutableDictionary.Create<string, PendingAsk>(StringComparer.Ordinal);

    /// <summary>The MCP tasks this session created and that have not expired, by the gateway's task id (at most Gateway:Sessions:MaxTasks).</summary>
    [Id(15)]
    public ImmutableDictionary<string, SessionTask> Tasks { get; init; } = ImmutableDictionary.Create<string, SessionTask>(StringComparer.Ordinal);
}
