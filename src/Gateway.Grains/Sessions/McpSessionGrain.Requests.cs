using System.Text.Json.Nodes;
using Gateway.Catalog;
using Gateway.Protocol;
using Gateway.Sessions.Handlers;
using Gateway.Streams;
using Gateway.Upstreams;
using ModelContextProtocol.Protocol;

namespace Gateway.Sessions;

/// <summary>
/// A session's requests: each method has its handler (<see cref="SessionRequestHandlers"/>), and
/// every handler reaches upstreams through this session's one forwarding pipeline.
/// </summary>
public sealed partial class McpSessionGrain : ISessionContext
{
    SessionState ISessionContext.State => Session;

    ValueTask<CatalogView> ISessionContext.ViewAsync() => ViewAsync();

    ValueTask<CatalogView> ISessionContext.ViewAsync(SessionCall call) => views.ForAsync(Session.Server, Session.Tenant, call.Roles);

    private async Task<JsonRpcMessage> HandleRequestAsync(
        JsonRpcRequest request, StreamAddress? replyStream, IReadOnlyCollection<string>? roles, CallTarget target, CancellationToken cancellationToken,
        LoggingLevel? logLevel = null)
    {
        if (request.Method == RequestMethods.Initialize)
        {
            return JsonRpc.Error(request.Id, GatewayErrorCodes.InvalidRequest, "The session is already initialized");
        }

        if (handlers.Find(request.Method) is not { } handler)
        {
            return JsonRpc.Error(request.Id, GatewayErrorCodes.MethodNotFound, $"Method not found: '{request.Method}'");
        }

        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var tracked = _inFlight.TryAdd(request.Id, new InFlight(cancellation, replyStream, logLevel));
        try
        {
            return await handler.HandleAsync(new SessionCall(request, replyStream, cancellation.Token, roles, target), this);
        }
        finally
        {
            if (tracked)
            {
                _inFlight.Remove(request.Id);
            }

            // A long call is activity until it ends, not only when it began.
            await TouchAsync();
        }
    }

    /// <summary>
    /// Whether a request that was lost with the node running it may simply run again. Every method
    /// but tools/call reads, or sets a value to the same effect twice; a tool must say so itself,
    /// with the readOnlyHint or idempotentHint annotation. A tool the catalog does not know is not
    /// repeated: nothing vouches for it.
    /// </summary>
    private async Task<bool> IsSafeToRepeatAsync(JsonRpcRequest request)
    {
        if (request.Method != RequestMethods.ToolsCall || JsonRpcParams.RequiredString(request, "name") is not { } name)
        {
            return true;
        }

        return (await ViewAsync()).FindTool(name)?.Item.Annotations is { } hints
            && (hints.ReadOnlyHint == true || hints.IdempotentHint == true);
    }

    /// <summary>
    /// A name that is not in the catalog still goes to the upstream it names when that upstream has
    /// no catalog yet (it is down or starting): on a pass-through server every name belongs to its
    /// upstream, on the merged one the "{upstream}{separator}" prefix says which. The upstream then
    /// answers either "unavailable" naming itself, or its own "unknown" error.
    /// </summary>
    async Task<(string Upstream, string OriginalName)?> ISessionContext.RouteAsync<T>(string name, Func<CatalogView, CatalogEntry<T>?> find)
    {
        if (find(await ViewAsync()) is { } entry)
        {
            return (entry.Upstream, entry.OriginalName);
        }

        var snapshot = await catalog.GetAsync();
        if (Session.Server is { } server)
        {
            return IsDark(snapshot, server, Session.Tenant) ? (server, name) : null;
        }

        var separator = catalogOptions.Value.Separator;
        var cut = name.IndexOf(separator, StringComparison.Ordinal);
        return cut > 0 && IsDark(snapshot, name[..cut], Session.Tenant) ? (name[..cut], name[(cut + separator.Length)..]) : null;
    }

    /// <summary>An upstream the session's tenant sees, without a catalog.</summary>
    private static bool IsDark(CatalogSnapshot snapshot, string upstream, string? tenant) =>
        snapshot.UpstreamsByName.TryGetValue(upstream, out var catalog) && !catalog.Available && Security.Tenancy.Sees(tenant, catalog.Tenant);

    string ISessionContext.SessionId => SessionId;

    async Task<UpstreamReply> ISessionContext.ForwardAsync(JsonRpcRequest request, string upstream, JsonNode? parameters, SessionCall call, TimeSpan? timeout)
    {
        call.Target?.Upstream = upstream;
        var snapshot = await catalog.GetAsync();
        var published = snapshot.UpstreamsByName.GetValueOrDefault(upstream);
        var reply = await upstreams.SendAsync(
            new UpstreamRequest(SessionId, upstream, request.Method, parameters, request.Id, call.ReplyStream, Session.LogLevel, SelfReference,
                Session.UpstreamSessions.GetValueOrDefault(upstream), Session.Subscriptions, Session.ClientCapabilities, timeout),
            published,
            call.Cancellation);
        if (reply.NewUpstreamSession is { } opened)
        {
            // One write per upstream session opened, none per call: the silo this session moves to carries it on.
            state.State = Session with { UpstreamSessions = Session.UpstreamSessions.SetItem(upstream, opened) };
            await SaveAsync();
        }

        return reply;
    }

    async Task ISessionContext.SetSubscriptionAsync(string uri, string? upstream)
    {
        var subscriptions = upstream is null ? Session.Subscriptions.Remove(uri) : Session.Subscriptions.SetItem(uri, upstream);
        if (subscriptions != Session.Subscriptions)
        {
            state.State = Session with { Subscriptions = subscriptions };
            await SaveAsync();
        }
    }

    async Task ISessionContext.SetLogLevelAsync(LoggingLevel level)
    {
        state.State = Session with { LogLevel = level };
        await SaveAsync();

        // Only the upstream sessions this session opened get the new level; new ones get it when they open.
        await upstreams.SetLevelAsync(SessionId, level);
    }

    /// <summary>This grain as its upstream sessions address it; made once per activation, not per call.</summary>
    private IMcpSessionGrain SelfReference => _self ??= this.AsReference<IMcpSessionGrain>();
}
