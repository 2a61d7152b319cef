using System.Runtime.CompilerServices;
using Gateway;
using Gateway.Protocol;
using Gateway.Sessions;
using Gateway.Streams;
using Gateway.Transports.Answers;
using Gateway.Transports.Security;
using Gateway.Transports.Streams;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Orleans;
using Orleans.Runtime;

namespace Gateway.Transports.LegacySse;

/// <summary>
/// GET /sse and /servers/{name}/sse (HTTP+SSE, revision 2024-11-05): the client's one stream for
/// everything the server sends, answers included. It mints the session id, binds it to a client
/// stream of this silo (<see cref="IMcpSessionGrain.OpenLegacyStreamAsync"/>), which also counts it
/// under the principal's cap, then sends the <c>endpoint</c> event: the URL, with that id, that the
/// client POSTs to on any silo. The session grain holds the stream's address, which is what routes
/// answers and notifications here from wherever they are made. The session ends with the stream.
/// </summary>
public sealed class LegacySseGetHandler(
    IGrainFactory grains,
    ClientStreamRegistry streams,
    IOptions<McpEndpointOptions> options,
    TimeProvider time)
{
    public async Task HandleAsync(HttpContext context, LegacySseRequest legacy)
    {
        var request = legacy.Context;
        var aborted = context.RequestAborted;
        var sessionId = SessionIds.New();
        var session = GrainReferences<IMcpSessionGrain>.Get(grains, sessionId);
        var stream = streams.Open(sessionId, request.Server, standalone: true);
        var opened = false;
        try
        {
            var reply = await RejectedCallRetry.RunAsync(
                () => session.OpenLegacyStreamAsync(new SessionOpening(request.Principal, request.Server, request.Tenant, Legacy: true), stream.Address),
                aborted);
            if (reply.Status != SessionStatus.Ok)
            {
                // The principal's cap: 429 before the stream starts, so the client's connect fails with the reason.
                await JsonRpcErrorResult.Refused(reply).ExecuteAsync(context);
                return;
            }

            opened = true;
            var sse = new SseResponse(context.Response);
            sse.Start();
            await sse.WriteEndpointAsync(EndpointOf(context.Request, request.Server, sessionId), aborted);
            var keepAlive = new StreamKeepAlive(options.Value.KeepAliveInterval, time, async cancellationToken =>
            {
                await sse.KeepAliveAsync(cancellationToken);
                if (!await StillOpenAsync(session, stream.Address))
                {
                    // The session ended elsewhere (DELETE, expiry): closing the stream tells the client.
                    streams.Close(stream);
                }
            });
            await sse.WriteAsync(WithoutEventIds(stream.ReadAsync(until: null, keepAlive, aborted)), aborted);
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            // The client closed the stream: the usual end of a legacy session.
        }
        finally
        {
            streams.Close(stream);
            if (opened)
            {
                await EndSessionAsync(session);
            }
        }
    }

    /// <summary>The message endpoint beside this stream's, under the same path base (a proxy's prefix).</summary>
    private static string EndpointOf(HttpRequest request, string? server, string sessionId)
    {
        var path = server is null ? "/messages" : $"/servers/{Uri.EscapeDataString(server)}/messages";
        return $"{request.PathBase}{path}?{LegacySseRequest.SessionIdQuery}={Uri.EscapeDataString(sessionId)}";
    }

    private static async Task<bool> StillOpenAsync(IMcpSessionGrain session, StreamAddress stream)
    {
        try
        {
            return await session.KeepLegacyStreamAsync(stream);
        }
        catch (Exception ex) when (ex is OrleansException or TimeoutException)
        {
            // The session's silo is unreachable for now; its state is stored, so the stream stays.
            return true;
        }
    }

    /// <summary>
    /// The stream closed: DELETE semantics at once, no grace. The revision cannot resume a stream
    /// (a client that reconnects gets a new endpoint and initializes anew), so nothing could reach
    /// the session again; waiting would only hold its upstream sessions and its place under the cap.
    /// </summary>
    private static async Task EndSessionAsync(IMcpSessionGrain session)
    {
        try
        {
            await session.CloseLegacyStreamAsync();
        }
        catch (Exception ex) when (ex is OrleansException or TimeoutException)
        {
            // The session's silo is gone; it ends by idle expiry instead, and its lease runs out.
        }
    }

    /// <summary>The session's outbox numbers its events for Streamable HTTP's resumption, which this revision does not have.</summary>
    private static async IAsyncEnumerable<StreamItem> WithoutEventIds(
        IAsyncEnumerable<StreamItem> items, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var item in items.WithCancellation(cancellationToken))
        {
            yield return item with { EventId = null };
        }
    }
}
