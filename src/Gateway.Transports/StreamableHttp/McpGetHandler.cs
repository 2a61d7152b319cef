using Gateway;
using Gateway.Protocol;
using Orleans;
using Orleans.Runtime;
using Gateway.Sessions;
using Gateway.Transports.Security;
using Gateway.Transports.Streams;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Gateway.Transports.StreamableHttp;

/// <summary>
/// GET /mcp: the session's standalone SSE stream for server-to-client messages unrelated to a
/// request (list_changed, logging). The stream lives on this silo; the session grain records its
/// address so senders on any silo can reach it.
/// </summary>
public sealed class McpGetHandler(IGrainFactory grains, ClientStreamRegistry streams, IOptions<McpEndpointOptions> options)
{
    public async Task HandleAsync(HttpContext context, string? server)
    {
        var request = McpRequestContext.From(context, server);
        if (!context.Request.Headers.Accept.ToString().Contains("text/event-stream", StringComparison.OrdinalIgnoreCase))
        {
            await McpHttpResults.ErrorAsync(context, StatusCodes.Status406NotAcceptable, GatewayErrorCodes.InvalidRequest,
                "GET opens an SSE stream: the Accept header must include text/event-stream");
            return;
        }

        if (request.ProtocolVersionProblem is { } problem)
        {
            await McpHttpResults.ErrorAsync(context, StatusCodes.Status400BadRequest, GatewayErrorCodes.InvalidRequest, problem);
            return;
        }

        if (request.SessionId is null)
        {
            await McpHttpResults.ErrorAsync(context, StatusCodes.Status400BadRequest, GatewayErrorCodes.InvalidRequest,
                $"Missing {McpHeaders.SessionId} header");
            return;
        }

        if (!SessionIds.IsWellFormed(request.SessionId))
        {
            await McpHttpResults.ErrorAsync(context, StatusCodes.Status404NotFound, McpHttpResults.SessionNotFoundCode, "Session not found");
            return;
        }

        var session = GrainReferences<IMcpSessionGrain>.Get(grains, request.SessionId);
        var stream = streams.Open(request.SessionId, server, standalone: true);
        try
        {
            var lastEventId = context.Request.Headers[McpHeaders.LastEventId].ToString();
            var status = await RejectedCallRetry.RunAsync(
                () => session.AttachStreamAsync(request.Principal, stream.Address, lastEventId.Length == 0 ? null : lastEventId),
                context.RequestAborted);
            if (status != SessionStatus.Ok)
            {
                await McpHttpResults.RefusedAsync(context, new SessionReply(status));
                return;
            }

            SseWriter.Start(context.Response);
            await context.Response.Body.FlushAsync(context.RequestAborted);
            await PumpAsync(context, session, stream);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client closed the stream.
        }
        finally
        {
            streams.Close(stream);
            try
            {
                await session.DetachStreamAsync(stream.Address);
            }
            catch (Exception ex) when (ex is OrleansException or TimeoutException)
            {
                // The session's silo is gone; its next activation does not know this stream anyway.
            }
        }
    }

    private async Task PumpAsync(HttpContext context, IMcpSessionGrain session, ClientStream stream)
    {
        var writer = new SseWriter(context.Response);
        var aborted = context.RequestAborted;
        while (!aborted.IsCancellationRequested)
        {
            using var keepAlive = CancellationTokenSource.CreateLinkedTokenSource(aborted);
            keepAlive.CancelAfter(options.Value.KeepAliveInterval);
            try
            {
                if (!await stream.Reader.WaitToReadAsync(keepAlive.Token))
                {
                    return;
                }
            }
            catch (OperationCanceledException) when (!aborted.IsCancellationRequested)
            {
                await writer.KeepAliveAsync(aborted);

                // One-way: tells a session re-activated on another silo where its stream still is.
                _ = session.KeepStreamAsync(stream.Address);
                continue;
            }

            while (stream.Reader.TryRead(out var message))
            {
                await writer.WriteAsync(message, aborted);
            }
        }
    }
}
