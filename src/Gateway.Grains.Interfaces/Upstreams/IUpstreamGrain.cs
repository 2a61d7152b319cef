using Gateway.Runtime;

namespace Gateway.Upstreams;

/// <summary>
/// One upstream MCP server, keyed by its name. It owns the connections to the upstream (a stdio
/// child process lives on this grain's silo), fetches its catalog and keeps it current, and
/// forwards requests of client sessions.
/// </summary>
[GrainType("upstream")]
public interface IUpstreamGrain : IGrainWithStringKey
{
    /// <summary>Sets or replaces the definition; connects in the background and returns at once.</summary>
    Task ConfigureAsync(UpstreamDefinition definition);

    /// <summary>Disconnects everything and removes this upstream's entries from the catalog.</summary>
    Task RemoveAsync();

    [AlwaysInterleave]
    Task<UpstreamStatus> GetStatusAsync();

    /// <summary>Forwards one client request to the upstream session of <see cref="UpstreamRequest.SessionId"/>.</summary>
    [AlwaysInterleave]
    Task<UpstreamReply> SendAsync(UpstreamRequest request, CancellationToken cancellationToken = default);

    /// <summary>Forwards a client notification (for example notifications/cancelled) to the session's upstream session.</summary>
    [AlwaysInterleave]
    Task NotifyAsync(string sessionId, string method, System.Text.Json.Nodes.JsonNode? parameters);

    /// <summary>Closes the upstream session that belongs to a client session.</summary>
    [OneWay]
    Task EndSessionAsync(string sessionId);

    /// <summary>Re-reads the upstream's tools, resources, templates and prompts.</summary>
    Task RefreshCatalogAsync();
}
