using System.Text.Json;
using System.Text.Json.Nodes;
using Gateway.Audit;
using Gateway.Catalog;
using Gateway.Protocol;
using Gateway.Streams;
using Gateway.Upstreams;
using Microsoft.Extensions.Logging;
using ModelContextProtocol.Protocol;

namespace Gateway.Sessions;

/// <summary>
/// The server side of one MCP session. Requests interleave (a slow tools/call must not hold up a
/// ping of the same session); they run on the activation's scheduler, so they never run in
/// parallel, and state writes go through one gate so that their ETags stay in order. Placed on
/// the silo that received the initialize, where its upstream sessions then live too
/// (<see cref="UpstreamSessionPool"/>): a call costs no hop beyond reaching this grain. An idle
/// session ends itself (<c>McpSessionGrain.Lifetime.cs</c>), and counts against its principal's cap
/// (<see cref="IPrincipalSessionsGrain"/>) from its initialize to its end.
/// </summary>
[Orleans.Placement.PreferLocalPlacement]
[CollectionAgeLimit(Minutes = 30)]
public sealed partial class McpSessionGrain(
    [PersistentState(McpSessionGrain.StateName)] IPersistentState<SessionState> state,
    CatalogCache catalog,
    CatalogViews views,
    UpstreamSessionPool upstreams,
    Handlers.SessionRequestHandlers handlers,
    IClientStreamDelivery delivery,
    IAuditLog audit,
    TimeProvider time,
    Microsoft.Extensions.Options.IOptions<CatalogOptions> catalogOptions,
    Microsoft.Extensions.Options.IOptions<SessionOptions> sessionOptions,
    ILogger<McpSessionGrain> logger) : Grain, IMcpSessionGrain
{
    /// <summary>The name the session's state is stored under (the rows' state_name), which the storage sweep looks for.</summary>
    public const string StateName = "session";

    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private readonly Dictionary<RequestId, InFlight> _inFlight = [];
    private readonly SessionStreams _streams = new(delivery);

    private IMcpSessionGrain? _self;

    private SessionState Session => state.State;

    private string SessionId => this.GetPrimaryKeyString();

    public async Task<SessionReply> InitializeAsync(SessionOpening opening, JsonRpcRequest request)
    {
        var started = time.GetTimestamp();
        var reply = await OpenAsync(opening, request);
        if (reply is { Status: SessionStatus.Ok, Response: { } answer })
        {
            Audited(request, answer, started, opening.Principal, opening.Tenant, target: null);
        }

        return reply;
    }

    private async Task<SessionReply> OpenAsync(SessionOpening opening, JsonRpcRequest request)
    {
        if (Session.Initialized)
        {
            return Answer(JsonRpc.Error(request.Id, GatewayErrorCodes.InvalidRequest, "The session is already initialized"));
        }

        var parameters = Handlers.JsonRpcParams.TryParse<InitializeRequestParams>(request.Params);
        if (parameters is null)
        {
            DeactivateOnIdle();
            return Answer(JsonRpc.Error(request.Id, GatewayErrorCodes.InvalidParams, "initialize needs params with protocolVersion, capabilities and clientInfo"));
        }

        var admission = await PrincipalSessions(opening.Principal).AdmitAsync(SessionId, opening);
        if (!admission.Admitted)
        {
            LogLimitReached(logger, opening.Principal ?? "(anonymous)", admission.Open, admission.Limit);
            DeactivateOnIdle();
            return new SessionReply(SessionStatus.LimitReached, Detail: LimitReached(opening.Principal, admission));
        }

        var now = time.GetUtcNow();
        state.State = new SessionState
        {
            Initialized = true,
            ProtocolVersion = opening.Legacy ? ProtocolVersions.NegotiateLegacy(parameters.ProtocolVersion) : ProtocolVersions.Negotiate(parameters.ProtocolVersion),
            Principal = opening.Principal,
            Tenant = opening.Tenant,
            Server = opening.Server,
            Client = parameters.ClientInfo is { } client ? new SessionClient(client.Name, client.Version) : null,
            ClientCapabilities = parameters.Capabilities is { } capabilities ? JsonSerializer.Serialize(capabilities, JsonRpc.Options) : null,
            CreatedAt = now,
            LastActivityAt = now,
            CatalogVersionSeen = (await catalog.GetAsync()).Version,
        };
        try
        {
            await WriteAsync();
        }
        catch
        {
            // Nothing was stored: the id stays unknown, and its place under the cap is free again.
            state.State = new SessionState();
            DeactivateOnIdle();
            await PrincipalSessions(opening.Principal).ReleaseAsync(SessionId);
            throw;
        }

        StartIdleClock(SessionIdleClock.Start(IdleTimeout, now));
        LogOpened(logger, SessionIds.ForLog(SessionId), Session.ProtocolVersion, parameters.ClientInfo?.Name, opening.Server ?? "(merged)");

        return Answer(WithTasks(JsonRpc.Result(request.Id, new InitializeResult
        {
            ProtocolVersion = Session.ProtocolVersion,
            ServerInfo = new Implementation
            {
                Name = opening.Server is null ? "mcp-gateway" : $"mcp-gateway/{opening.Server}",
                Version = GatewayVersion.Current,
            },
            Capabilities = new ServerCapabilities
            {
                Tools = new ToolsCapability { ListChanged = true },
                Resources = new ResourcesCapability { ListChanged = true, Subscribe = true },
                Prompts = new PromptsCapability { ListChanged = true },
                Logging = new LoggingCapability(),
                Completions = new CompletionsCapability(),
            },
        })));
    }

    public async Task<SessionReply> HandleAsync(SessionInbound inbound, CancellationToken cancellationToken = default)
    {
        var started = time.GetTimestamp();
        return Refusal(inbound) ?? await RunAsync(inbound, started, cancellationToken);
    }

    /// <summary>Why the session does not take the message at all: not found, foreign, the wrong protocol version, or a batch its revision does not allow.</summary>
    private SessionReply? Refusal(SessionInbound inbound)
    {
        if ((Check(inbound.Principal, inbound.Server) ?? CheckTenant(inbound.Tenant)) is { } refused)
        {
            return refused;
        }

        if (inbound.InBatch && !ProtocolVersions.AllowsBatches(Session.ProtocolVersion))
        {
            return new SessionReply(SessionStatus.ProtocolMismatch, Detail:
                $"JSON-RPC batches are part of MCP {ProtocolVersions.V2025_03_26} only; this session speaks {Session.ProtocolVersion}: send each message in a POST of its own");
        }

        return inbound.ProtocolVersion is { } version && version != Session.ProtocolVersion
            ? new SessionReply(SessionStatus.ProtocolMismatch, Detail:
                $"MCP-Protocol-Version '{version}' does not match the version negotiated for this session ('{Session.ProtocolVersion}')")
            : null;
    }

    /// <summary>Runs a message the session took (<see cref="Refusal"/> found nothing against it).</summary>
    private async Task<SessionReply> RunAsync(SessionInbound inbound, long started, CancellationToken cancellationToken)
    {
        await TouchAsync();
        switch (inbound.Message)
        {
            case JsonRpcRequest request when inbound.LostWith is { } cause && !await IsSafeToRepeatAsync(request):
                return new SessionReply(SessionStatus.Ok, Audited(request,
                    JsonRpc.Error(request.Id, GatewayErrorCodes.UpstreamFailed, GatewayErrorCodes.NodeWentAway(cause)), started, Session.Principal, inbound.Tenant, target: null));
            case JsonRpcRequest request:
                var target = new Handlers.CallTarget();
                var answer = await HandleRequestAsync(request, inbound.ReplyStream, inbound.Roles, target, cancellationToken);
                return new SessionReply(SessionStatus.Ok, Audited(request, answer, started, Session.Principal, inbound.Tenant, target));
            case JsonRpcNotification notification:
                await HandleNotificationAsync(notification);
                return SessionReply.Accepted;
            case JsonRpcMessageWithId clientAnswer:
                // The client's answer to a request an upstream asked it through the gateway.
                await AnsweredAsync(clientAnswer);
                return SessionReply.Accepted;
            default:
                return SessionReply.Accepted;
        }
    }

    public async Task<SessionStatus> AttachStreamAsync(string? principal, StreamAddress stream, string? lastEventId = null)
    {
        if (Check(principal, Session.Server) is { } refused)
        {
            return refused.Status;
        }

        await TouchAsync();
        await _streams.AttachAsync(stream, lastEventId);

        var current = (await catalog.GetAsync()).Version;
        if (current > Session.CatalogVersionSeen)
        {
            // Changes made while no stream was open: the client cannot know which, so all lists.
            await NotifyCatalogChangedAsync(current, CatalogChanges.All);
        }

        return SessionStatus.Ok;
    }

    public async Task KeepStreamAsync(StreamAddress stream)
    {
        if (IsGone())
        {
            return;
        }

        _streams.Keep(stream);
        await TouchAsync();
    }

    public async Task DetachStreamAsync(StreamAddress stream)
    {
        if (IsGone())
        {
            return;
        }

        _streams.Detach(stream);

        // The client listened until now.
        await TouchAsync();
    }

    public async Task<SessionStatus> CloseAsync(string? principal)
    {
        if (Check(principal, Session.Server) is { } refused)
        {
            return refused.Status;
        }

        await EndAsync();
        LogClosed(logger, SessionIds.ForLog(SessionId));
        DeactivateOnIdle();
        return SessionStatus.Ok;
    }

    public async Task PushAsync(JsonRpcNotification notification)
    {
        if (!IsGone() && Session.Sessionless)
        {
            await PushSessionlessAsync(notification);
            return;
        }

        // An update of a resource the client did not subscribe to (or no longer is) is not its business.
        if (IsGone() || (notification.Method == NotificationMethods.ResourceUpdatedNotification && !IsSubscribed(notification)))
        {
            return;
        }

        // Newest request first: its stream is the likeliest still open.
        StreamAddress[] requestStreams = [.. _inFlight.Values.Reverse().Select(f => f.ReplyStream).OfType<StreamAddress>()];
        await _streams.PushAsync(notification, requestStreams);
    }

    private bool IsSubscribed(JsonRpcNotification update) =>
        update.Params?["uri"] is JsonValue uri && uri.TryGetValue<string>(out var text) && Session.Subscriptions.ContainsKey(text);

    public async Task NotifyCatalogChangedAsync(long version, CatalogChanges changes)
    {
        if (IsGone() || version <= Session.CatalogVersionSeen)
        {
            return;
        }

        // Not persisted on every change: after a restart a client gets at most one extra list_changed.
        state.State = Session with { CatalogVersionSeen = version };
        foreach (var method in ListChangedMethods(changes))
        {
            await PushAsync(JsonRpc.Notification(method));
        }
    }

    private static IEnumerable<string> ListChangedMethods(CatalogChanges changes)
    {
        if (changes.HasFlag(CatalogChanges.Tools))
        {
            yield return NotificationMethods.ToolListChangedNotification;
        }

        if (changes.HasFlag(CatalogChanges.Resources))
        {
            yield return NotificationMethods.ResourceListChangedNotification;
        }

        if (changes.HasFlag(CatalogChanges.Prompts))
        {
            yield return NotificationMethods.PromptListChangedNotification;
        }
    }

    private static SessionReply Answer(JsonRpcMessage response) => new(SessionStatus.Ok, response);

    private SessionReply? Check(string? principal, string? server)
    {
        // The session of session-less requests has no id a client could present.
        if (IsGone() || Session.Sessionless)
        {
            return new SessionReply(SessionStatus.NotFound, Detail: "Session not found");
        }

        if (!string.Equals(principal, Session.Principal, StringComparison.Ordinal))
        {
            LogForeignPrincipal(logger, SessionIds.ForLog(SessionId));
            return new SessionReply(SessionStatus.Forbidden, Detail: "Session not found");
        }

        return server == Session.Server ? null : new SessionReply(SessionStatus.WrongServer, Detail: "Session not found on this endpoint");
    }

    /// <summary>
    /// A token of the session's principal that names another tenant (a JWT's tenant claim can
    /// change between tokens) gets nothing of the session: its view is its opening tenant's.
    /// </summary>
    private SessionReply? CheckTenant(string? tenant)
    {
        if (string.Equals(tenant, Session.Tenant, StringComparison.Ordinal))
        {
            return null;
        }

        LogForeignTenant(logger, SessionIds.ForLog(SessionId));
        return new SessionReply(SessionStatus.Forbidden, Detail: "Session not found");
    }

    /// <summary>Writes the state with the latest activity, and tells the principal's cap that the session lives.</summary>
    private async Task SaveAsync()
    {
        // A call that outlived its session's end stores nothing: the state was cleared for good.
        if (_ended)
        {
            return;
        }

        var activity = _idle.LastActivity;
        state.State = Session with { LastActivityAt = activity };
        await WriteAsync();
        _idle.MarkStored(activity);
        if (!Session.Sessionless)
        {
            await PrincipalSessions(Session.Principal).RenewAsync(SessionId);
        }
    }

    private async Task WriteAsync()
    {
        await _writeGate.WaitAsync();
        try
        {
            await state.WriteStateAsync();
        }
        finally
        {
            _writeGate.Release();
        }
    }


    private async Task HandleNotificationAsync(JsonRpcNotification notification)
    {
        if (notification.Method == NotificationMethods.CancelledNotification
            && notification.Params is not null
            && Handlers.JsonRpcParams.TryParse<CancelledNotificationParams>(notification.Params) is { } cancelled
            && _inFlight.TryGetValue(cancelled.RequestId, out var inFlight))
        {
            await inFlight.Cancellation.CancelAsync();
        }
        else if (notification.Method == NotificationMethods.RootsListChangedNotification)
        {
            // The client's roots changed: each upstream session it opened asks again when it cares.
            await upstreams.NotifyAsync(SessionId, notification.Method);
        }
    }

    /// <summary>The session's view of the current snapshot, shared with the silo's other sessions on the same server.</summary>
    private ValueTask<CatalogView> ViewAsync() => views.ForAsync(Session.Server, Session.Tenant);

    /// <param name="LogLevel">A session-less request's io.modelcontextprotocol/logLevel: the log messages it wants, from that level up.</param>
    private sealed record InFlight(CancellationTokenSource Cancellation, StreamAddress? ReplyStream, LoggingLevel? LogLevel = null);

    [LoggerMessage(EventId = 1400, Level = LogLevel.Information,
        Message = "Session {SessionId} opened: protocol {ProtocolVersion}, client {ClientName}, server {Server}")]
    private static partial void LogOpened(ILogger logger, string sessionId, string protocolVersion, string? clientName, string server);

    [LoggerMessage(EventId = 1401, Level = LogLevel.Information, Message = "Session {SessionId} closed")]
    private static partial void LogClosed(ILogger logger, string sessionId);

    [LoggerMessage(EventId = 1402, Level = LogLevel.Warning, Message = "Session {SessionId} was presented by another principal; refused")]
    private static partial void LogForeignPrincipal(ILogger logger, string sessionId);

    [LoggerMessage(EventId = 1408, Level = LogLevel.Warning, Message = "Session {SessionId} was presented with another tenant than it opened with; refused")]
    private static partial void LogForeignTenant(ILogger logger, string sessionId);

}
