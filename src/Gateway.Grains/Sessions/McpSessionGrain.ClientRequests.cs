using Gateway.Protocol;
using Gateway.Streams;
using ModelContextProtocol.Protocol;

namespace Gateway.Sessions;

/// <summary>
/// Requests an upstream sends the client (sampling, elicitation, roots): the session gives each an
/// id of its own, so ids of different upstream sessions never collide on the client's side, sends
/// it on the client's stream, and waits for the client's response, which a POST through any silo
/// brings to this grain.
/// </summary>
public sealed partial class McpSessionGrain
{
    private readonly Dictionary<RequestId, TaskCompletionSource<JsonRpcMessageWithId>> _askedClient = [];

    private TimeSpan ClientAnswerTimeout => sessionOptions.Value.ClientAnswerTimeout;

    public async Task<JsonRpcMessage> AskClientAsync(JsonRpcRequest request, CancellationToken cancellationToken = default)
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
            return await answer.Task.WaitAsync(deadline.Token) switch
            {
                JsonRpcResponse response => new JsonRpcResponse { Id = request.Id, Result = response.Result },
                JsonRpcError error => new JsonRpcError { Id = request.Id, Error = error.Error },
                var other => JsonRpc.Error(request.Id, GatewayErrorCodes.InternalError, $"The client answered with a {other.GetType().Name}"),
            };
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The upstream cancelled its request: so is the client's, which then stops working on it.
            await _streams.PushAsync(JsonRpc.Notification(NotificationMethods.CancelledNotification,
                new System.Text.Json.Nodes.JsonObject { ["requestId"] = System.Text.Json.JsonSerializer.SerializeToNode(id, JsonRpc.Options), ["reason"] = "cancelled by the server that asked" }), []);
            return JsonRpc.Error(request.Id, GatewayErrorCodes.RequestCancelled, $"{request.Method} was cancelled");
        }
        catch (OperationCanceledException)
        {
            return JsonRpc.Error(request.Id, GatewayErrorCodes.ClientUnreachable,
                $"The client did not answer {request.Method} within {ClientAnswerTimeout} (Gateway:Sessions:ClientAnswerTimeout)");
        }
        finally
        {
            _askedClient.Remove(id);
        }
    }

    /// <summary>A response or error from the client: to the upstream request waiting for it; one for no such request is dropped.</summary>
    private void Answered(JsonRpcMessageWithId answer)
    {
        if (_askedClient.Remove(answer.Id, out var waiting))
        {
            waiting.TrySetResult(answer);
        }
    }
}
