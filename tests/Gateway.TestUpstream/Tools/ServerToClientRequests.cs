using System.Text.Json;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;

namespace Gateway.TestUpstream.Tools;

/// <summary>
/// Asking the client over a session (stdio, or HTTP with an Mcp-Session-Id): a JSON-RPC request
/// from server to client on the call's own stream, awaited before the tool answers.
/// </summary>
public sealed class ServerToClientRequests : IClientInput
{
    public async ValueTask<CreateMessageResult> SampleAsync(ToolCall call, CreateMessageRequestParams request, CancellationToken cancellationToken) =>
        await call.Request.Server.SampleAsync(request, cancellationToken);

    public async ValueTask<ElicitResult> ElicitAsync(ToolCall call, ElicitRequestParams request, CancellationToken cancellationToken) =>
        await call.Request.Server.ElicitAsync(request, cancellationToken);

    public async ValueTask<ListRootsResult> RequestRootsAsync(ToolCall call, CancellationToken cancellationToken) =>
        await call.Request.Server.RequestRootsAsync(new ListRootsRequestParams(), cancellationToken);

    public async ValueTask<CallToolResult> SampleThenWithdrawAsync(ToolCall call, TimeSpan after, CancellationToken cancellationToken)
    {
        // Sent by hand with an id of our own, so that the notifications/cancelled can name it.
        var server = call.Request.Server;
        var id = new RequestId($"cancel-me-{Guid.NewGuid():N}");
        var asking = new JsonRpcRequest
        {
            Id = id,
            Method = RequestMethods.SamplingCreateMessage,
            Params = JsonSerializer.SerializeToNode(new CreateMessageRequestParams
            {
                Messages = [new SamplingMessage { Role = Role.User, Content = [new TextContentBlock { Text = "never mind" }] }],
                MaxTokens = 10,
            }, McpJsonUtilities.DefaultOptions),
        };
        using var giveUp = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        giveUp.CancelAfter(after);
        try
        {
            await server.SendRequestAsync(asking, giveUp.Token);
            return ToolCall.Text("answered");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            await server.SendNotificationAsync(NotificationMethods.CancelledNotification,
                new CancelledNotificationParams { RequestId = id, Reason = "the tool gave up" }, cancellationToken: cancellationToken);
            return ToolCall.Text("cancelled");
        }
    }
}
