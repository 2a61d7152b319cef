using System.Text.Json.Nodes;
using Gateway.Protocol;
using Gateway.Streams;
using Microsoft.Extensions.Logging;
using ModelContextProtocol.Protocol;

namespace Gateway.Sessions;

/// <summary>
/// Requests of the session-less revision (2026-07-28). Such a client has no session, so the
/// gateway keeps one for it: per principal, server, tenant and offer (<see cref="SessionIds.Sessionless"/>),
/// opened by its first request and ended by the idle expiry like any other, holding the upstream
/// sessions its requests share. What the revision does differently is bridged here: the
/// upstream's questions for the client come back as input-required results (<see cref="InputRound"/>),
/// log messages go only to requests that asked for them at their level, and change notifications
/// go to subscriptions/listen streams, each with its filter.
/// </summary>
public sealed partial class McpSessionGrain
{
    /// <summary>How many requests may wait on their client's input at once; more are answered with an error.</summary>
    private const int MaxInputRounds = 100;

    private readonly Dictionary<string, InputRound> _rounds = new(StringComparer.Ordinal);
    private readonly List<InputRound> _running = [];
    private readonly Dictionary<StreamAddress, ListenFilter> _listeners = [];

    public async Task<SessionReply> HandleSessionlessAsync(SessionlessInbound inbound, CancellationToken cancellationToken = default)
    {
        var started = time.GetTimestamp();
        if (await OpenSessionlessAsync(inbound) is { } refused)
        {
            return refused;
        }

        await TouchAsync();
        var target = new Handlers.CallTarget();
        var answer = await RunSessionlessAsync(inbound, target, cancellationToken);
        return new SessionReply(SessionStatus.Ok, Audited(inbound.Request, answer, started, Session.Principal, inbound.Tenant, target));
    }

    /// <summary>Opens the session on its first request (again, after an idle expiry ended it); null when it takes the request.</summary>
    private async Task<SessionReply?> OpenSessionlessAsync(SessionlessInbound inbound)
    {
        if (Session.Initialized && !_ended)
        {
            // The key is made of these; only a session id presented by hand could differ.
            return Session.Sessionless && Session.Principal == inbound.Principal && Session.Server == inbound.Server && Session.Tenant == inbound.Tenant
                ? null
                : new SessionReply(SessionStatus.NotFound, Detail: "Session not found");
        }

        _ended = false;
        _gone?.Dispose();
        _gone = null;
        var now = time.GetUtcNow();
        state.State = new SessionState
        {
            Initialized = true,
            Sessionless = true,
            ProtocolVersion = ProtocolVersions.V2026_07_28,
            Principal = inbound.Principal,
            Tenant = inbound.Tenant,
            Server = inbound.Server,
            Client = inbound.Client,
            ClientCapabilities = inbound.Offers,
            CreatedAt = now,
            LastActivityAt = now,
            CatalogVersionSeen = (await catalog.GetAsync()).Version,
        };
        await WriteAsync();
        StartIdleClock(SessionIdleClock.Start(IdleTimeout, now));
        LogSessionlessOpened(logger, SessionIds.ForLog(SessionId), inbound.Client?.Name, inbound.Server ?? "(merged)");
        return null;
    }

    private async Task<JsonRpcMessage> RunSessionlessAsync(SessionlessInbound inbound, Handlers.CallTarget target, CancellationToken cancellationToken)
    {
        var request = inbound.Request;
        var parameters = request.Params as JsonObject;
        var forwarded = new JsonRpcRequest
        {
            // Every session-less client numbers its requests from 1: an id of the gateway's keeps them apart here.
            Id = new RequestId($"sl-{Guid.NewGuid():N}"),
            Method = request.Method,
            Params = SessionlessParams.ForUpstream(parameters),
        };

        if (!SessionlessParams.TakesInput(request.Method))
        {
            return JsonRpc.WithId(await HandleRequestAsync(forwarded, inbound.ReplyStream, inbound.Roles, target, cancellationToken, inbound.LogLevel), request.Id);
        }

        var name = SessionlessParams.NameOf(parameters);
        InputRound round;
        if (SessionlessParams.RequestState(parameters) is { } token)
        {
            if (!_rounds.TryGetValue(token, out var found) || found.Method != request.Method || found.Name != name)
            {
                return JsonRpc.Error(request.Id, GatewayErrorCodes.InvalidParams,
                    "requestState is not one this gateway gave for this request, or it expired: send the request again without requestState and inputResponses");
            }

            if (found.Waiting)
            {
                return JsonRpc.Error(request.Id, GatewayErrorCodes.InvalidRequest, "Another retry with this requestState is still running");
            }

            round = found;
            round.Answer(parameters?["inputResponses"] as JsonObject);
        }
        else
        {
            DropLeftRounds();
            if (_rounds.Count >= MaxInputRounds)
            {
                return JsonRpc.Error(request.Id, GatewayErrorCodes.InternalError,
                    $"{MaxInputRounds} requests of this principal already wait for their client's input; answer or drop one first");
            }

            round = new InputRound(request.Method, name);
            _rounds[round.Token] = round;
            _running.Add(round);
            round.Start(r => RunRoundAsync(r, forwarded, inbound, target));
        }

        return await AwaitRoundAsync(round, request.Id, cancellationToken);
    }

    private async Task<JsonRpcMessage> RunRoundAsync(InputRound round, JsonRpcRequest forwarded, SessionlessInbound inbound, Handlers.CallTarget target)
    {
        try
        {
            return await HandleRequestAsync(forwarded, inbound.ReplyStream, inbound.Roles, target, round.Cancellation.Token, inbound.LogLevel);
        }
        finally
        {
            _running.Remove(round);
        }
    }

    /// <summary>The call's answer, or an input-required result when the upstream asked the client first.</summary>
    private async Task<JsonRpcMessage> AwaitRoundAsync(InputRound round, RequestId replyId, CancellationToken cancellationToken)
    {
        round.Waiting = true;
        try
        {
            if (await round.NextAsync(cancellationToken) is { } inputRequired)
            {
                return new JsonRpcResponse { Id = replyId, Result = inputRequired };
            }

            _rounds.Remove(round.Token);
            return JsonRpc.WithId(await round.Work, replyId);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The client closed the request's stream: on this revision, that cancels the request.
            _rounds.Remove(round.Token);
            await round.Cancellation.CancelAsync();
            throw;
        }
        finally
        {
            round.Waiting = false;
            round.LeftAt = time.GetUtcNow();
        }
    }

    /// <summary>Rounds whose client did not come back within the answer timeout: their calls are cancelled.</summary>
    private void DropLeftRounds()
    {
        var cutoff = time.GetUtcNow() - ClientAnswerTimeout;
        foreach (var round in _rounds.Values.Where(r => !r.Waiting && r.LeftAt < cutoff).ToList())
        {
            _rounds.Remove(round.Token);
            round.Cancellation.Cancel();
        }
    }

    /// <summary>An upstream asks the session-less client: through the newest running request that can carry the question.</summary>
    private async Task<JsonRpcMessage> AskThroughRoundAsync(JsonRpcRequest request, CancellationToken cancellationToken)
    {
        if (_running.LastOrDefault(r => _rounds.ContainsKey(r.Token)) is not { } round)
        {
            return JsonRpc.Error(request.Id, GatewayErrorCodes.ClientUnreachable,
                $"The client speaks MCP {ProtocolVersions.V2026_07_28}, where only a running tools/call, prompts/get or resources/read can carry {request.Method}, and none is running");
        }

        try
        {
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(ClientAnswerTimeout);
            return await round.AskAsync(request).WaitAsync(deadline.Token);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return Cancelled(request);
        }
        catch (OperationCanceledException)
        {
            return NotAnswered(request.Id, request.Method);
        }
        finally
        {
            round.Forget(request);
        }
    }

    public async Task<ListenReply> ListenAsync(SessionlessInbound inbound, StreamAddress stream, ListenFilter filter)
    {
        if (await OpenSessionlessAsync(inbound) is { } refused)
        {
            return new ListenReply(refused.Status, Detail: refused.Detail);
        }

        await TouchAsync();
        var honoured = new List<string>();
        foreach (var uri in filter.ResourceUris.Distinct(StringComparer.Ordinal))
        {
            if (Session.Subscriptions.ContainsKey(uri) || await SubscribeAsync(RequestMethods.ResourcesSubscribe, uri, inbound))
            {
                honoured.Add(uri);
            }
        }

        var kept = filter with { ResourceUris = [.. honoured] };
        _listeners[stream] = kept;
        return new ListenReply(SessionStatus.Ok, kept);
    }

    public async Task StopListeningAsync(StreamAddress stream)
    {
        if (IsGone() || !_listeners.Remove(stream, out var filter))
        {
            return;
        }

        await TouchAsync();
        await UnsubscribeUnwantedAsync(filter.ResourceUris);
    }

    private async Task UnsubscribeUnwantedAsync(IEnumerable<string> uris)
    {
        var wanted = _listeners.Values.SelectMany(l => l.ResourceUris).ToHashSet(StringComparer.Ordinal);
        foreach (var uri in uris.Where(u => !wanted.Contains(u)))
        {
            await SubscribeAsync(RequestMethods.ResourcesUnsubscribe, uri, inbound: null);
        }
    }

    /// <summary>resources/subscribe or unsubscribe as the session-based revisions send it, for a listen stream's resource; true when the upstream took it.</summary>
    private async Task<bool> SubscribeAsync(string method, string uri, SessionlessInbound? inbound)
    {
        var request = new JsonRpcRequest { Id = new RequestId($"sl-{Guid.NewGuid():N}"), Method = method, Params = new JsonObject { ["uri"] = uri } };
        var answer = await HandleRequestAsync(request, replyStream: null, inbound?.Roles, new Handlers.CallTarget(), CancellationToken.None);
        if (answer is JsonRpcError error)
        {
            LogListenSubscriptionRefused(logger, SessionIds.ForLog(SessionId), method, error.Error.Message);
            return false;
        }

        return true;
    }

    /// <summary>
    /// Where a session-less client's notifications go: change notifications to the listen streams
    /// whose filter names them, log messages to the running requests that asked for their level,
    /// nothing else (a request's progress goes to its own stream, not through here).
    /// </summary>
    private async Task PushSessionlessAsync(JsonRpcNotification notification)
    {
        if (notification.Method == NotificationMethods.LoggingMessageNotification)
        {
            var level = SessionlessParams.LevelOf(notification);
            foreach (var call in _inFlight.Values.Reverse())
            {
                if (call is { ReplyStream: { } stream, LogLevel: { } wanted } && level >= wanted && await delivery.DeliverAsync(stream, new StreamItem(notification)))
                {
                    return;
                }
            }

            return;
        }

        var gone = new List<StreamAddress>();
        foreach (var (stream, filter) in _listeners)
        {
            if (SessionlessParams.Wants(filter, notification) && !await delivery.DeliverAsync(stream, new StreamItem(notification)))
            {
                gone.Add(stream);
            }
        }

        foreach (var stream in gone)
        {
            // Its silo no longer has it: the stream closed without telling, or its silo died.
            await StopListeningAsync(stream);
        }
    }

    [LoggerMessage(EventId = 1409, Level = LogLevel.Information,
        Message = "Session {SessionId} opened for session-less requests (MCP 2026-07-28): client {ClientName}, server {Server}")]
    private static partial void LogSessionlessOpened(ILogger logger, string sessionId, string? clientName, string server);

    [LoggerMessage(EventId = 1410, Level = LogLevel.Information, Message = "Session {SessionId}: {Method} for a listen stream was refused: {Reason}")]
    private static partial void LogListenSubscriptionRefused(ILogger logger, string sessionId, string method, string reason);
}
