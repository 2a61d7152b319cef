using System.Text.Json;
using System.Text.Json.Nodes;
using Gateway.Protocol;
using Gateway.Streams;
using Microsoft.Extensions.Logging;
using ModelContextProtocol.Protocol;

namespace Gateway.Sessions;

/// <summary>
/// Requests an upstream sends the client (sampling, elicitation, roots): the session gives each an
/// id of its own, so ids of different upstream sessions never collide on the client's side, sends
/// it on the client's stream, and waits for the client's response, which a POST through any silo
/// brings to this grain. Each waiting request is also stored (<see cref="SessionState.PendingAsks"/>):
/// when the silo holding the upstream connection dies or stops before the client answers, the
/// answer reaches the session's next activation, which sends it to the upstream session carried
/// on from its record; one the client never answers is answered with an error when it is due.
/// </summary>
public sealed partial class McpSessionGrain
{
    private readonly Dictionary<RequestId, TaskCompletionSource<JsonRpcMessageWithId>> _askedClient = [];
    private IGrainTimer? _pendingExpiry;

    private TimeSpan ClientAnswerTimeout => sessionOptions.Value.ClientAnswerTimeout;

    public async Task<JsonRpcMessage> AskClientAsync(string upstream, JsonRpcRequest request, CancellationToken cancellationToken = default)
    {
        if (IsGone())
        {
            return JsonRpc.Error(request.Id, GatewayErrorCodes.ClientUnreachable, "The client's session has ended");
        }

        if (Session.Sessionless)
        {
            return await AskThroughRoundAsync(request, cancellationToken);
        }

        var id = new RequestId($"gw-{Guid.NewGuid():N}");
        var answer = new TaskCompletionSource<JsonRpcMessageWithId>(TaskCreationOptions.RunContinuationsAsynchronously);
        _askedClient[id] = answer;
        await StorePendingAsync(Session.PendingAsks.SetItem(id.ToString(),
            new PendingAsk(upstream, JsonSerializer.Serialize(request.Id, JsonRpc.Options), request.Method, time.GetUtcNow())));
        try
        {
            StreamAddress[] requestStreams = [.. _inFlight.Values.Reverse().Select(f => f.ReplyStream).OfType<StreamAddress>()];
            if (!await _streams.PushAsync(new JsonRpcRequest { Id = id, Method = request.Method, Params = request.Params }, requestStreams))
            {
                return JsonRpc.Error(request.Id, GatewayErrorCodes.ClientUnreachable,
                    $"The client has no stream open to receive {request.Method} (a GET stream, or the POST of a request in progress)");
            }

            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(ClientAnswerTimeout);
            // A client's answer is a response or an error (its requests are handled as requests): passed under the upstream's id.
            return JsonRpc.WithId(await answer.Task.WaitAsync(deadline.Token), request.Id);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            LogAskCancelled(logger, SessionIds.ForLog(SessionId), request.Method);

            // The upstream cancelled its request: so is the client's, which then stops working on it.
            await _streams.PushAsync(JsonRpc.Notification(NotificationMethods.CancelledNotification,
                new JsonObject { ["requestId"] = JsonSerializer.SerializeToNode(id, JsonRpc.Options), ["reason"] = "cancelled by the server that asked" }), []);
            return Cancelled(request);
        }
        catch (OperationCanceledException)
        {
            return NotAnswered(request.Id, request.Method);
        }
        finally
        {
            _askedClient.Remove(id);
            await StorePendingAsync(Session.PendingAsks.Remove(id.ToString()));
        }
    }

    /// <summary>
    /// A response or error from the client: to the upstream request waiting for it here, or, asked
    /// by an earlier activation, to the upstream session that asked. One for no such request is dropped.
    /// </summary>
    private async Task AnsweredAsync(JsonRpcMessageWithId answer)
    {
        if (_askedClient.Remove(answer.Id, out var waiting))
        {
            waiting.TrySetResult(answer);
            return;
        }

        if (Session.PendingAsks.GetValueOrDefault(answer.Id.ToString()) is not { } pending)
        {
            return;
        }

        await StorePendingAsync(Session.PendingAsks.Remove(answer.Id.ToString()));
        var upstreamId = JsonSerializer.Deserialize<RequestId>(pending.UpstreamRequestId, JsonRpc.Options);
        if (await SendToUpstreamAsync(pending, JsonRpc.WithId(answer, upstreamId)))
        {
            LogAnswerCarriedOn(logger, SessionIds.ForLog(SessionId), pending.Method, pending.Upstream);
        }
    }

    /// <summary>Arms the expiry of the requests an earlier activation left waiting, at the first one's due time.</summary>
    private void ArmPendingExpiry()
    {
        var waiting = Session.PendingAsks.Where(p => !_askedClient.ContainsKey(new RequestId(p.Key))).ToList();
        if (waiting.Count == 0)
        {
            return;
        }

        var due = waiting.Min(p => p.Value.AskedAt) + ClientAnswerTimeout - time.GetUtcNow();
        _pendingExpiry?.Dispose();
        _pendingExpiry = this.RegisterGrainTimer(ExpirePendingAsync,
            new GrainTimerCreationOptions(due > TimeSpan.Zero ? due : TimeSpan.Zero, Timeout.InfiniteTimeSpan) { Interleave = true });
    }

    /// <summary>The upstream is told that the client did not answer, as it would have been by the activation that asked.</summary>
    private async Task ExpirePendingAsync()
    {
        var now = time.GetUtcNow();
        foreach (var (key, pending) in Session.PendingAsks.Where(p => p.Value.AskedAt + ClientAnswerTimeout <= now && !_askedClient.ContainsKey(new RequestId(p.Key))).ToList())
        {
            await StorePendingAsync(Session.PendingAsks.Remove(key));
            var upstreamId = JsonSerializer.Deserialize<RequestId>(pending.UpstreamRequestId, JsonRpc.Options);
            await SendToUpstreamAsync(pending, NotAnswered(upstreamId, pending.Method));
        }

        ArmPendingExpiry();
    }

    private async Task<bool> SendToUpstreamAsync(PendingAsk pending, JsonRpcMessage message)
    {
        var snapshot = await catalog.GetAsync();
        var request = new Upstreams.UpstreamRequest(SessionId, pending.Upstream, pending.Method, null, default, null, Session.LogLevel, SelfReference,
            Session.UpstreamSessions.GetValueOrDefault(pending.Upstream), Session.Subscriptions, Session.ClientCapabilities);
        return await upstreams.AnswerAsync(request, snapshot.UpstreamsByName.GetValueOrDefault(pending.Upstream), message);
    }

    private async Task StorePendingAsync(System.Collections.Immutable.ImmutableDictionary<string, PendingAsk> pending)
    {
        if (_ended || pending == Session.PendingAsks)
        {
            return;
        }

        state.State = Session with { PendingAsks = pending };
        await WriteAsync();
    }

    private static JsonRpcError Cancelled(JsonRpcRequest request) =>
        JsonRpc.Error(request.Id, GatewayErrorCodes.RequestCancelled, $"{request.Method} was cancelled");

    private JsonRpcError NotAnswered(RequestId upstreamId, string method) =>
        JsonRpc.Error(upstreamId, GatewayErrorCodes.ClientUnreachable,
            $"The client did not answer {method} within {ClientAnswerTimeout} (Gateway:Sessions:ClientAnswerTimeout)");

    [LoggerMessage(EventId = 1412, Level = LogLevel.Information, Message = "Session {SessionId}: {Method} asked of the client was cancelled")]
    private static partial void LogAskCancelled(ILogger logger, string sessionId, string method);

    [LoggerMessage(EventId = 1411, Level = LogLevel.Information,
        Message = "Session {SessionId}: the client's answer to {Method}, asked before the session moved, went to upstream {Upstream}")]
    private static partial void LogAnswerCarriedOn(ILogger logger, string sessionId, string method, string upstream);
}
