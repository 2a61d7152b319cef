using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Gateway.Protocol;
using Gateway.Streams;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace Gateway.Upstreams;

/// <summary>
/// One live MCP client session with an upstream. It maps the client's progress tokens to its own
/// and back, so upstream progress reaches the stream of the request that asked for it, and hands
/// other notifications to its hooks. Notification handlers run on the SDK's threads, hence the
/// concurrent map.
/// </summary>
public sealed class UpstreamConnection(string upstream, IClientStreamDelivery delivery, UpstreamConnectionHooks hooks)
    : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, ProgressRoute> _progress = new(StringComparer.Ordinal);
    private McpClient? _client;
    /// <summary>The upstream's requests being carried to the client, by the upstream's id, so that its notifications/cancelled can stop one.</summary>
    private readonly ConcurrentDictionary<RequestId, CancellationTokenSource> _carried = new();
    private readonly TaskCompletionSource<McpClient> _attached = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Action? _keepSessionOnClose;
    private long _nextRequestId;
    private int _answered;

    public string Upstream => upstream;

    public McpClient Client => _client ?? throw new InvalidOperationException("not connected");

    public bool IsAlive => _client is { Completion.IsCompleted: false };

    /// <summary>True when the upstream ended the session (HTTP 404 for its session id): safe to re-initialise and retry.</summary>
    public bool SessionExpired =>
        _client is { Completion: { IsCompletedSuccessfully: true } completion }
        && completion.Result is HttpClientCompletionDetails { HttpStatusCode: HttpStatusCode.NotFound };

    /// <summary>
    /// Streamable HTTP: "the server MAY terminate the session at any time, after which it MUST
    /// respond to requests containing that session ID with HTTP 404". Such a request never ran.
    /// </summary>
    public static bool IsSessionExpiry(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is HttpRequestException { StatusCode: HttpStatusCode.NotFound })
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>How another silo can carry this upstream session on (Streamable HTTP only), else null.</summary>
    public UpstreamSessionRecord? Record { get; private set; }

    /// <summary>Whether this carries on a session opened before, rather than one it initialised.</summary>
    public bool IsResumed { get; private set; }

    /// <summary>
    /// capabilities.tasks of the upstream's initialize answer, as sent: the SDK's ServerCapabilities
    /// drops it. Null when the upstream declared none, or this connection carried a session on.
    /// </summary>
    public JsonObject? DeclaredTasks { get; private set; }

    /// <summary>The client capabilities this upstream session is offered (see <see cref="ClientOffers"/>).</summary>
    internal ClientCapabilities? Offered => hooks.Offered;

    internal void Attach(McpClient client, UpstreamSessionRecord? record, bool isResumed, Action? keepSessionOnClose)
    {
        _client = client;
        _attached.TrySetResult(client);
        Record = record;
        IsResumed = isResumed;
        _keepSessionOnClose = keepSessionOnClose;
    }

    /// <summary>
    /// Closes the connection but leaves a resumable upstream session open, for the silo where its
    /// client session goes next (this silo is stopping); any other session ends as on dispose.
    /// </summary>
    public ValueTask LeaveAsync()
    {
        _keepSessionOnClose?.Invoke();
        return DisposeAsync();
    }

    internal IEnumerable<KeyValuePair<string, Func<JsonRpcNotification, CancellationToken, ValueTask>>> NotificationHandlers()
    {
        yield return new(NotificationMethods.ProgressNotification, (n, _) => RouteProgressAsync(n));
        foreach (var method in new[]
                 {
                     NotificationMethods.ToolListChangedNotification,
                     NotificationMethods.ResourceListChangedNotification,
                     NotificationMethods.PromptListChangedNotification,
                 })
        {
            yield return new(method, (_, _) =>
            {
                hooks.OnListChanged();
                return ValueTask.CompletedTask;
            });
        }

        if (hooks.OnSessionNotification is { } forward)
        {
            yield return new(NotificationMethods.LoggingMessageNotification, (n, _) => forward(n));
            yield return new(NotificationMethods.ResourceUpdatedNotification, (n, _) => forward(n));
            yield return new(TaskMethods.StatusNotification, (n, _) => forward(n));
        }
    }

    /// <summary>Sends a request and returns the upstream's result or JSON-RPC error. Transport failures throw.</summary>
    public async Task<UpstreamReply> SendAsync(UpstreamRequest request, CancellationToken cancellationToken)
    {
        // Params are sent as given; only a progress token is swapped, on a copy, so that a retry
        // of the same request still carries the client's token.
        var parameters = request.Params as JsonObject;
        string? token = null;
        if (request.ReplyStream is not null && parameters?["_meta"]?["progressToken"] is { } clientToken)
        {
            token = $"{upstream}-{Guid.NewGuid():N}";
            _progress[token] = new ProgressRoute(request.ReplyStream, clientToken.DeepClone());
            parameters = (JsonObject)parameters.DeepClone();
            parameters["_meta"]!["progressToken"] = token;
        }

        // Our own ids (a prefix the SDK never uses), so a cancellation can name the request.
        var id = new RequestId($"gw-{Interlocked.Increment(ref _nextRequestId)}");
        try
        {
            var response = await Client.SendRequestAsync(
                new JsonRpcRequest { Id = id, Method = request.Method, Params = parameters }, cancellationToken);
            if (token is not null && _progress.TryGetValue(token, out var route))
            {
                // Read before the answer, so queued by now: it reaches the client before the answer closes the request's stream.
                await DeliverQueuedAsync(route);
            }

            return UpstreamReply.Success(response.Result);
        }
        catch (McpProtocolException ex)
        {
            return UpstreamReply.Failure((int)ex.ErrorCode, ex.Message);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await CancelAsync(id);
            throw;
        }
        finally
        {
            if (token is not null)
            {
                _progress.TryRemove(token, out _);
            }
        }
    }

    /// <summary>
    /// Tells the upstream to stop a request the gateway gave up on (client cancelled, or timeout):
    /// MCP "Cancellation". The SDK does not send this itself when a request's token fires.
    /// </summary>
    private async Task CancelAsync(RequestId id)
    {
        if (!IsAlive)
        {
            return;
        }

        try
        {
            var parameters = new JsonObject { ["requestId"] = JsonSerializer.SerializeToNode(id, JsonRpc.Options), ["reason"] = "cancelled by the gateway" };
            await Client.SendMessageAsync(JsonRpc.Notification(NotificationMethods.CancelledNotification, parameters), CancellationToken.None);
        }
        catch (Exception)
        {
            // Best effort: the upstream may be gone already.
        }
    }

    public Task NotifyAsync(string method, JsonNode? parameters, CancellationToken cancellationToken) =>
        Client.SendMessageAsync(new JsonRpcNotification { Method = method, Params = parameters?.DeepClone() }, cancellationToken);

    /// <summary>
    /// Sees every message from the upstream in the order it was read (<see cref="ObservedClientTransport"/>),
    /// before the SDK dispatches it to a thread of its own. A progress notification of a request in
    /// flight is queued there, so updates go to the client in the upstream's order, and every update
    /// the upstream sent before its answer is queued by the time the answer is read.
    /// </summary>
    /// <returns>True when the connection took the message for itself: a request for the client, which it carries there.</returns>
    internal bool Observe(JsonRpcMessage message)
    {
        // The SDK sends nothing before its initialize is answered, so the first answer read is that one.
        if (message is JsonRpcResponse { Result: JsonObject answer } && Interlocked.Exchange(ref _answered, 1) == 0)
        {
            DeclaredTasks = answer["capabilities"]?["tasks"] as JsonObject;
        }

        if (message is JsonRpcRequest request && hooks.OnClientRequest is { } ask && ClientOffers.IsCarried(request.Method))
        {
            _ = CarryToClientAsync(request, ask);
            return true;
        }

        if (message is JsonRpcNotification { Method: NotificationMethods.CancelledNotification, Params: JsonObject cancelled }
            && Sessions.Handlers.JsonRpcParams.TryParse<CancelledNotificationParams>(cancelled) is { } which
            && _carried.TryGetValue(which.RequestId, out var carried))
        {
            carried.Cancel();
        }

        if (message is JsonRpcNotification { Method: NotificationMethods.ProgressNotification, Params: JsonObject parameters }
            && parameters["progressToken"] is JsonValue token
            && token.TryGetValue<string>(out var key)
            && _progress.TryGetValue(key, out var route))
        {
            route.Queued.Enqueue(parameters);
        }

        return false;
    }

    /// <summary>
    /// The upstream asks the client (sampling, elicitation, roots): the session grain sends it on the
    /// client's stream and brings back the answer, which goes to the upstream under its own id.
    /// Taken before the SDK sees it, so the request and its answer pass as they are, field for field.
    /// </summary>
    private async Task CarryToClientAsync(JsonRpcRequest request, Func<JsonRpcRequest, CancellationToken, Task<JsonRpcMessage>> ask)
    {
        using var cancellation = new CancellationTokenSource();
        _carried[request.Id] = cancellation;
        JsonRpcMessage answer;
        try
        {
            answer = await ask(request, cancellation.Token);
        }
        catch (Exception ex)
        {
            answer = JsonRpc.Error(request.Id, GatewayErrorCodes.ClientUnreachable, $"The gateway could not carry {request.Method} to the client: {ex.Message}");
        }
        finally
        {
            _carried.TryRemove(request.Id, out _);
        }

        // MCP "Cancellation": a request its sender cancelled gets no answer.
        if (cancellation.IsCancellationRequested)
        {
            return;
        }

        try
        {
            var client = await _attached.Task;
            await client.SendMessageAsync(answer, CancellationToken.None);
        }
        catch (Exception)
        {
            // The upstream session is gone: nobody waits for the answer any more.
        }
    }

    /// <summary>
    /// An upstream of the session-less revision (2026-07-28) asks the client within a result
    /// (input-required), which the SDK's client resolves through its handlers: each question goes
    /// to the client as the session-based revisions ask it, and the client's answer back to the
    /// SDK, which retries the request with it. Null when the client did not offer the feature.
    /// </summary>
    internal McpClientHandlers InputHandlers(McpClientHandlers handlers)
    {
        if (hooks.OnClientRequest is null || hooks.Offered is not { } offered)
        {
            return handlers;
        }

        if (offered.Sampling is not null)
        {
            handlers.SamplingHandler = (parameters, _, cancellationToken) =>
                AskClientAsync<CreateMessageResult>(RequestMethods.SamplingCreateMessage, parameters, cancellationToken);
        }

        if (offered.Elicitation is not null)
        {
            handlers.ElicitationHandler = (parameters, cancellationToken) =>
                AskClientAsync<ElicitResult>(RequestMethods.ElicitationCreate, parameters, cancellationToken);
        }

        if (offered.Roots is not null)
        {
            handlers.RootsHandler = (parameters, cancellationToken) =>
                AskClientAsync<ListRootsResult>(RequestMethods.RootsList, parameters, cancellationToken);
        }

        return handlers;
    }

    private async ValueTask<TResult> AskClientAsync<TResult>(string method, object? parameters, CancellationToken cancellationToken)
    {
        var request = new JsonRpcRequest
        {
            Id = new RequestId($"gw-input-{Guid.NewGuid():N}"),
            Method = method,
            Params = parameters is null ? null : JsonSerializer.SerializeToNode(parameters, parameters.GetType(), JsonRpc.Options),
        };
        return await hooks.OnClientRequest!(request, cancellationToken) switch
        {
            JsonRpcResponse { Result: var result } => result.Deserialize<TResult>(JsonRpc.Options)
                ?? throw new McpProtocolException($"The client answered {method} with nothing", McpErrorCode.InternalError),
            JsonRpcError error => throw new McpProtocolException(error.Error.Message, (McpErrorCode)error.Error.Code),
            _ => throw new McpProtocolException($"The client answered {method} with no result", McpErrorCode.InternalError),
        };
    }

    /// <summary>The SDK's handler for a progress notification: whichever runs first delivers what is queued, in order.</summary>
    private async ValueTask RouteProgressAsync(JsonRpcNotification notification)
    {
        if (notification.Params is JsonObject parameters
            && parameters["progressToken"]?.ToString() is { } token
            && _progress.TryGetValue(token, out var route))
        {
            await DeliverQueuedAsync(route);
        }
    }

    private async Task DeliverQueuedAsync(ProgressRoute route)
    {
        await route.Gate.WaitAsync();
        try
        {
            while (route.Queued.TryDequeue(out var parameters))
            {
                // MCP: "the progress value MUST increase with each notification": an upstream's update that does not is dropped.
                var progress = parameters["progress"] is JsonValue value && value.TryGetValue<double>(out var number) ? number : double.NaN;
                if (!(progress > route.LastProgress))
                {
                    continue;
                }

                route.LastProgress = progress;
                var mapped = (JsonObject)parameters.DeepClone();
                mapped["progressToken"] = route.ClientToken.DeepClone();
                await delivery.DeliverAsync(route.Stream, new StreamItem(JsonRpc.Notification(NotificationMethods.ProgressNotification, mapped)));
            }
        }
        finally
        {
            route.Gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_client is not null)
        {
            try
            {
                await _client.DisposeAsync();
            }
            catch (Exception)
            {
                // The upstream may already be gone; disposing is best effort.
            }
        }
    }

    private sealed class ProgressRoute(StreamAddress stream, JsonNode clientToken)
    {
        public double LastProgress = double.NegativeInfinity;

        /// <summary>Updates in the order the upstream sent them, waiting for delivery.</summary>
        public ConcurrentQueue<JsonObject> Queued { get; } = new();

        public SemaphoreSlim Gate { get; } = new(1, 1);

        public StreamAddress Stream { get; } = stream;

        public JsonNode ClientToken { get; } = clientToken;
    }
}
