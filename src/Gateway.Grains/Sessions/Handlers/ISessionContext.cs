using System.Text.Json.Nodes;
using Gateway.Catalog;
using Gateway.Upstreams;
using ModelContextProtocol.Protocol;

namespace Gateway.Sessions.Handlers;

/// <summary>What a request handler may use of the session it serves.</summary>
public interface ISessionContext
{
    /// <summary>The session's persisted state.</summary>
    SessionState State { get; }

    /// <summary>The session's view of the catalog (merged, or one upstream's on a pass-through server).</summary>
    ValueTask<CatalogView> ViewAsync();

    /// <summary>The session's view with only the tools the call's roles may use (tool policies).</summary>
    ValueTask<CatalogView> ViewAsync(SessionCall call);

    /// <summary>The upstream and original name behind an exposed tool or prompt name; null when nothing serves it.</summary>
    Task<(string Upstream, string OriginalName)?> RouteAsync<T>(string name, Func<CatalogView, CatalogEntry<T>?> find);

    /// <summary>The session's id (Mcp-Session-Id).</summary>
    string SessionId { get; }

    /// <summary>The one forwarding pipeline between routing and the upstream: every method's upstream call goes through here.</summary>
    /// <param name="timeout">How long the upstream may take instead of its CallTimeoutSeconds (tasks/result waits for a task's end).</param>
    Task<UpstreamReply> ForwardAsync(JsonRpcRequest request, string upstream, JsonNode? parameters, SessionCall call, TimeSpan? timeout = null);

    /// <summary>Indexes (task given) or drops (null) a task this session created.</summary>
    Task SetTaskAsync(string taskId, SessionTask? task);

    /// <summary>Keeps (upstream given) or drops (null) the session's subscription to a resource.</summary>
    Task SetSubscriptionAsync(string uri, string? upstream);

    /// <summary>Keeps the level for the session and applies it to the upstream sessions it opened.</summary>
    Task SetLogLevelAsync(LoggingLevel level);
}
