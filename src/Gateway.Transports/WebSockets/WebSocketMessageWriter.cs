using System.Net.WebSockets;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Gateway.Protocol;
using Gateway.Streams;
using ModelContextProtocol.Protocol;

namespace Gateway.Transports.WebSockets;

/// <summary>
/// Everything the gateway sends on one socket, one text frame per JSON-RPC message (or batch
/// answer), one send at a time as WebSocket requires. Once the session's stream is followed
/// (<see cref="Follow"/>), every send first sends what that stream holds: progress an upstream sent
/// before its answer was put on the stream before the answer came back, so it reaches the client
/// first, as on a POST's SSE answer. A socket that broke or was closed takes no more sends; the
/// reader of the socket finds out and ends the session.
/// </summary>
public sealed class WebSocketMessageWriter(WebSocket socket)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private ChannelReader<StreamItem>? _stream;
    private bool _closed;

    /// <summary>The session's stream (notifications, progress, requests of the server's), sent before any later message.</summary>
    public void Follow(ChannelReader<StreamItem> stream) => _stream = stream;

    public Task SendAsync(JsonRpcMessage message) => SendAsync(JsonSerializer.SerializeToUtf8Bytes(message, JsonRpc.Options));

    /// <summary>The answers of a batch, as one JSON array (JSON-RPC 2.0 "Batch").</summary>
    public Task SendAsync(IReadOnlyList<JsonRpcMessage> answers) => SendAsync(JsonSerializer.SerializeToUtf8Bytes(answers, JsonRpc.Options));

    /// <summary>An error object made by the body parser, which has no SDK message for an unknown id.</summary>
    public Task SendAsync(JsonObject error) => SendAsync(JsonSerializer.SerializeToUtf8Bytes(error, JsonRpc.Options));

    /// <summary>What the followed stream holds now.</summary>
    public Task SendStreamAsync() => SendAsync(frame: null);

    /// <summary>
    /// Sends the close frame (RFC 6455 section 7.4 status and a reason of at most 123 bytes) and no
    /// data after it; the client's close frame then ends the socket's reader.
    /// </summary>
    public async Task CloseOutputAsync(WebSocketCloseStatus status, string reason)
    {
        await _gate.WaitAsync();
        try
        {
            if (_closed)
            {
                return;
            }

            _closed = true;
            await socket.CloseOutputAsync(status, reason, CancellationToken.None);
        }
        catch (Exception ex) when (IsBrokenSocket(ex))
        {
            // The connection is gone already: there is no one left to tell.
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// The close handshake begun by the gateway, on the reader's turn (it receives the client's
    /// close frame, discarding what comes before it), within <paramref name="cancellationToken"/>.
    /// </summary>
    public async Task CloseAsync(WebSocketCloseStatus status, string reason, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(CancellationToken.None);
        try
        {
            if (_closed)
            {
                return;
            }

            _closed = true;
            await socket.CloseAsync(status, reason, cancellationToken);
        }
        catch (Exception ex) when (IsBrokenSocket(ex))
        {
            // The client did not answer in time, or the connection broke: it is aborted either way.
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task SendAsync(byte[]? frame)
    {
        await _gate.WaitAsync();
        try
        {
            if (_closed)
            {
                return;
            }

            // The stream's channel is a bounded one, whose reads are safe from any thread; reading
            // it only under the gate is what keeps the stream's order and the answers' in step.
            while (_stream?.TryRead(out var item) == true)
            {
                await SendFrameAsync(JsonSerializer.SerializeToUtf8Bytes(item.Message, JsonRpc.Options));
            }

            if (frame is not null)
            {
                await SendFrameAsync(frame);
            }
        }
        catch (Exception ex) when (IsBrokenSocket(ex))
        {
            _closed = true;
        }
        finally
        {
            _gate.Release();
        }
    }

    private ValueTask SendFrameAsync(byte[] frame) => socket.SendAsync(frame.AsMemory(), WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);

    private static bool IsBrokenSocket(Exception ex) => ex is WebSocketException or IOException or OperationCanceledException or ObjectDisposedException;
}
