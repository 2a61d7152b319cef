using System.Runtime.CompilerServices;
using Gateway.Protocol;
using Gateway.Sessions;
using Gateway.Streams;
using Gateway.Transports.Answers;
using Gateway.Transports.Streams;
using Microsoft.AspNetCore.Http;
using ModelContextProtocol.Protocol;
using Orleans.Runtime;

namespace Gateway.Transports.StreamableHttp;

/// <summary>
/// The answer to one POSTed request (Streamable HTTP, "Sending messages to the server"): plain
/// JSON, unless a notification for the request (such as progress) comes before the answer and the
/// client accepts text/event-stream; then an SSE stream of those notifications that ends with the
/// answer. Requests without notifications cost no SSE framing, unless the client's Accept ranks
/// text/event-stream above application/json (by quality, then by order): then every answer is a
/// stream, as that client asked.
/// </summary>
public sealed class RequestAnswer(JsonRpcRequest request, Task<SessionReply> reply, ClientStream stream)
{
    private Task<SessionReply>? _settled;

    /// <summary>The session's reply; a request lost with its gateway node is answered at once.</summary>
    private Task<SessionReply> Settled => _settled ??= SettleAsync();

    public async Task WriteAsync(HttpContext context)
    {
        var cancellationToken = context.RequestAborted;
        var accepted = AcceptHeader.AnswersOf(context.Request);
        if (accepted == AcceptedAnswers.EventStreamFirst
            || (accepted == AcceptedAnswers.Both && await NotificationFirstAsync(cancellationToken)))
        {
            var sse = new SseResponse(context.Response);
            sse.Start();
            await sse.WriteAsync(EventsAsync(cancellationToken), cancellationToken);
            return;
        }

        var settled = await Settled;
        IResult answer = settled.Status == SessionStatus.Ok
            ? JsonRpcMessagesResult.One(settled.Response!)
            : JsonRpcErrorResult.Refused(settled, JsonRpcErrorResult.IdOf(request));
        await answer.ExecuteAsync(context);
    }

    /// <summary>True when a notification is there before the answer, or arrived with it.</summary>
    private async Task<bool> NotificationFirstAsync(CancellationToken cancellationToken)
    {
        if (!reply.IsCompleted)
        {
            var ready = stream.Reader.WaitToReadAsync(cancellationToken).AsTask();
            if (await Task.WhenAny(reply, ready) == ready && await ready)
            {
                return true;
            }
        }

        return (await Settled).Status == SessionStatus.Ok && stream.Reader.TryPeek(out _);
    }

    private async IAsyncEnumerable<StreamItem> EventsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var notification in stream.ReadAsync(until: reply, keepAlive: null, cancellationToken))
        {
            yield return notification;
        }

        var settled = await Settled;
        if (settled.Status == SessionStatus.Ok)
        {
            yield return new StreamItem(settled.Response!);
            yield break;
        }

        // A session refuses before it runs anything, so this is not expected once notifications came.
        var refusal = SessionRefusal.Of(settled);
        yield return new StreamItem(JsonRpc.Error(request.Id, refusal.Code, refusal.Message));
    }

    private async Task<SessionReply> SettleAsync()
    {
        try
        {
            return await reply;
        }
        catch (SiloUnavailableException ex)
        {
            // The node running this session's turn died mid-request and the session's new
            // activation could not be reached either: answer with an error at once.
            return new SessionReply(SessionStatus.Ok, JsonRpc.Error(request.Id, GatewayErrorCodes.UpstreamFailed,
                GatewayErrorCodes.NodeWentAway(ex.Message)));
        }
    }
}
