using System.Text.Json;
using System.Text.Json.Nodes;
using Gateway.Protocol;
using Gateway.Sessions;
using Gateway.Transports.Answers;
using Gateway.Transports.StreamableHttp;
using Gateway.Transports.Streams;
using Microsoft.AspNetCore.Http;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace Gateway.Transports.Sessionless;

/// <summary>
/// The SDK's server handlers for the 2026-07-28 door, made for each request (the SDK's stateless
/// mode runs a server per request): each hands the request, as the client sent it, to the session
/// that serves the caller (<see cref="SessionIds.Sessionless"/>) and turns its answer back into
/// the SDK's result, an input-required result or an error. The request's progress and log
/// messages come from the grain through a stream of this silo and go out on the request's own response.
/// </summary>
public sealed class SessionlessHandlers(IGrainFactory grains, ClientStreamRegistry streams, TimeProvider time)
{
    /// <summary>How often a listen stream tells its session it is still there (a session re-activated elsewhere learns it again).</summary>
    private static readonly TimeSpan ListenRenewal = TimeSpan.FromSeconds(30);

    public Task ConfigureAsync(HttpContext http, McpServerOptions options, CancellationToken cancellationToken)
    {
        var caller = McpRequestContext.From(http);
        options.ServerInfo = new Implementation
        {
            Name = caller.Server is null ? "mcp-gateway" : $"mcp-gateway/{caller.Server}",
            Version = GatewayVersion.Current,
        };
        options.Capabilities = new ServerCapabilities
        {
            Tools = new ToolsCapability { ListChanged = true },
            Resources = new ResourcesCapability { ListChanged = true, Subscribe = true },
            Prompts = new PromptsCapability { ListChanged = true },
            Completions = new CompletionsCapability(),
        };

        var handlers = options.Handlers;
        handlers.ListToolsHandler = (r, c) => ForwardAsync<ListToolsRequestParams, ListToolsResult>(caller, r, c);
        handlers.CallToolHandler = (r, c) => ForwardAsync<CallToolRequestParams, CallToolResult>(caller, r, c);
        handlers.ListPromptsHandler = (r, c) => ForwardAsync<ListPromptsRequestParams, ListPromptsResult>(caller, r, c);
        handlers.GetPromptHandler = (r, c) => ForwardAsync<GetPromptRequestParams, GetPromptResult>(caller, r, c);
        handlers.ListResourcesHandler = (r, c) => ForwardAsync<ListResourcesRequestParams, ListResourcesResult>(caller, r, c);
        handlers.ListResourceTemplatesHandler = (r, c) => ForwardAsync<ListResourceTemplatesRequestParams, ListResourceTemplatesResult>(caller, r, c);
        handlers.ReadResourceHandler = (r, c) => ForwardAsync<ReadResourceRequestParams, ReadResourceResult>(caller, r, c);
        handlers.CompleteHandler = (r, c) => ForwardAsync<CompleteRequestParams, CompleteResult>(caller, r, c);
        handlers.SubscriptionsListenHandler = (r, c) => ListenAsync(caller, r, c);
        return Task.CompletedTask;
    }

    private async ValueTask<TResult> ForwardAsync<TParams, TResult>(McpRequestContext caller, RequestContext<TParams> request, CancellationToken cancellationToken)
    {
        var (session, sessionId, inbound) = Address(caller, request.JsonRpcRequest);
        var stream = streams.Open(sessionId, caller.Server, standalone: false);
        try
        {
            var reply = session.HandleSessionlessAsync(inbound with { ReplyStream = stream.Address }, cancellationToken);
            await foreach (var item in stream.ReadAsync(until: reply, keepAlive: null, cancellationToken))
            {
                await request.Server.SendMessageAsync(item.Message, cancellationToken);
            }

            return ResultOf<TResult>(await reply);
        }
        finally
        {
            streams.Close(stream);
        }
    }

    /// <summary>
    /// subscriptions/listen: acknowledged with what the session honours, then the change
    /// notifications the filter names, each tagged with this request's id, until the client closes the stream.
    /// </summary>
    private async ValueTask<EmptyResult> ListenAsync(McpRequestContext caller, RequestContext<SubscriptionsListenRequestParams> request, CancellationToken cancellationToken)
    {
        var (session, sessionId, inbound) = Address(caller, request.JsonRpcRequest);
        var asked = request.Params?.Notifications;
        var filter = new ListenFilter(asked?.ToolsListChanged == true, asked?.PromptsListChanged == true, asked?.ResourcesListChanged == true,
            [.. asked?.ResourceSubscriptions ?? []]);

        // A standalone stream: the silo's catalog watcher tells its session of every catalog change.
        var stream = streams.Open(sessionId, caller.Server, standalone: true);
        try
        {
            var listening = await session.ListenAsync(inbound, stream.Address, filter);
            if (listening is not { Status: SessionStatus.Ok, Honoured: { } honoured })
            {
                var refusal = SessionRefusal.Of(new SessionReply(listening.Status, Detail: listening.Detail));
                throw new McpProtocolException(refusal.Message, (McpErrorCode)refusal.Code);
            }

            var id = request.JsonRpcRequest.Id;
            await request.Server.SendMessageAsync(SessionlessMeta.TagSubscription(new JsonRpcNotification
            {
                Method = NotificationMethods.SubscriptionsAcknowledgedNotification,
                Params = JsonSerializer.SerializeToNode(new SubscriptionsAcknowledgedNotificationParams { Notifications = Acknowledged(honoured) }, JsonRpc.Options),
            }, id), cancellationToken);

            var renewal = new StreamKeepAlive(ListenRenewal, time, async _ => await session.ListenAsync(inbound, stream.Address, honoured));
            await foreach (var item in stream.ReadAsync(until: null, renewal, cancellationToken))
            {
                if (item.Message is JsonRpcNotification notification)
                {
                    await request.Server.SendMessageAsync(SessionlessMeta.TagSubscription(notification, id), cancellationToken);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The client closed the stream: the way a listen ends.
        }
        finally
        {
            streams.Close(stream);
            await session.StopListeningAsync(stream.Address);
        }

        return new EmptyResult();
    }

    private (IMcpSessionGrain Session, string SessionId, SessionlessInbound Inbound) Address(McpRequestContext caller, JsonRpcRequest request)
    {
        var meta = SessionlessMeta.Of(request);
        var sessionId = SessionIds.Sessionless(caller.Principal, caller.Server, caller.Tenant, meta.OffersKey);
        var inbound = new SessionlessInbound(request, caller.Principal, caller.Server, caller.Tenant, caller.Roles, ReplyStream: null, meta.Offers, meta.LogLevel, meta.Client);
        return (GrainReferences<IMcpSessionGrain>.Get(grains, sessionId), sessionId, inbound);
    }

    private static SubscriptionsListenNotifications Acknowledged(ListenFilter honoured) => new()
    {
        ToolsListChanged = honoured.Tools ? true : null,
        PromptsListChanged = honoured.Prompts ? true : null,
        ResourcesListChanged = honoured.Resources ? true : null,
        ResourceSubscriptions = honoured.ResourceUris.Length == 0 ? null : [.. honoured.ResourceUris],
    };

    /// <summary>The session's answer as the SDK's handlers return it: a result, or thrown as input-required or as a JSON-RPC error.</summary>
    private static TResult ResultOf<TResult>(SessionReply reply)
    {
        switch (reply)
        {
            case { Status: SessionStatus.Ok, Response: JsonRpcResponse { Result: var result } }:
                if (result is JsonObject o && o["resultType"] is JsonValue kind && kind.TryGetValue<string>(out var type) && type == "input_required")
                {
                    throw new InputRequiredException(result.Deserialize<InputRequiredResult>(JsonRpc.Options)!);
                }

                return result.Deserialize<TResult>(JsonRpc.Options)
                    ?? throw new McpProtocolException("The upstream's result was empty", McpErrorCode.InternalError);
            case { Status: SessionStatus.Ok, Response: JsonRpcError error }:
                throw new McpProtocolException(error.Error.Message, (McpErrorCode)error.Error.Code);
            default:
                var refusal = SessionRefusal.Of(reply);
                throw new McpProtocolException(refusal.Message, (McpErrorCode)refusal.Code);
        }
    }
}
