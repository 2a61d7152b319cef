using Gateway;
using Gateway.Sessions;
using Gateway.Transports.Answers;
using Gateway.Transports.Security;
using Gateway.Transports.Streams;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Orleans;
using Orleans.Runtime;

namespace Gateway.Transports.StreamableHttp;

/// <summary>
/// GET /mcp: the session's standalone SSE stream for server-to-client messages unrelated to a
/// request (list_changed, logging). The stream lives on this silo; the session grain records its
/// address so senders on any silo can reach it. Headers were checked by <see cref="McpRequestFilter"/>.
/// </summary>
public sealed class McpGetHandler(
    IGrainFactory grains,
    ClientStreamRegistry streams,
    IOptions<McpEndpointOptions> options,
    TimeProvider time)
{
    public async Task HandleAsync(HttpContext context, McpRequestContext request)
    {
        var aborted = context.RequestAborted;
        var session = GrainReferences<IMcpSessionGrain>.Get(grains, request.SessionId!);
        var stream = streams.Open(request.SessionId!, request.Server, standalone: true);
        var attached = false;
        try
        {
            var lastEventId = context.Request.Headers[McpHeaders.LastEventId].ToString();
            var status = await RejectedCallRetry.RunAsync(
                () => session.AttachStreamAsync(request.Principal, stream.Address, lastEventId.Length == 0 ? null : lastEventId),
                aborted);
            if (status != SessionStatus.Ok)
            {
                await JsonRpcErrorResult.Refused(new SessionReply(status)).ExecuteAsync(context);
                return;
            }

            attached = true;

            var sse = new SseResponse(context.Response);
            sse.Start();
            await context.Response.Body.FlushAsync(aborted);
            var keepAlive = new StreamKeepAlive(options.Value.KeepAliveInterval, time, async cancellationToken =>
            {
                await sse.KeepAliveAsync(cancellationToken);

                // One-way: tells a session re-activated on another silo where its stream still is.
                _ = session.KeepStreamAsync(stream.Address);
            });
            await sse.WriteAsync(stream.ReadAsync(until: null, keepAlive, aborted), aborted);
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            // The client closed the stream: the usual end of a GET.
        }
        finally
        {
            streams.Close(stream);
            try
            {
                // A refused stream was never recorded: telling an unknown session would only activate it again.
                if (attached)
                {
                    await session.DetachStreamAsync(stream.Address);
                }
            }
            catch (Exception ex) when (ex is OrleansException or TimeoutException)
            {
                // The session's silo is gone; its next activation does not know this stream anyway.
            }
        }
    }
}
