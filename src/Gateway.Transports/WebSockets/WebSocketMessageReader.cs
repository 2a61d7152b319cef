using System.Net.WebSockets;

namespace Gateway.Transports.WebSockets;

/// <summary>
/// Reads a client's socket one whole message at a time (a message may come in many frames), up to
/// the size limit of a POST body, so that a socket costs no more memory per message than a POST.
/// The buffer is reused: small while messages are small, grown for a large one and let go after it.
/// </summary>
public sealed class WebSocketMessageReader(WebSocket socket, long limit)
{
    private const int InitialSize = 16 * 1024;

    // A message must fit in one array, with the byte that tells it is over the limit.
    private readonly long _limit = Math.Min(limit, Array.MaxLength - 1);

    private byte[] _buffer = new byte[InitialSize];

    public async Task<WebSocketInbound> ReadAsync(CancellationToken cancellationToken)
    {
        if (_buffer.Length > InitialSize)
        {
            // An idle socket should not hold on to the largest message it ever received.
            _buffer = new byte[InitialSize];
        }

        var length = 0;
        while (true)
        {
            var received = await socket.ReceiveAsync(_buffer.AsMemory(length), cancellationToken);
            switch (received.MessageType)
            {
                case WebSocketMessageType.Close:
                    return new WebSocketInbound(WebSocketInboundKind.Closed);
                case WebSocketMessageType.Binary:
                    return new WebSocketInbound(WebSocketInboundKind.Binary);
            }

            length += received.Count;
            if (length > _limit)
            {
                return new WebSocketInbound(WebSocketInboundKind.TooLarge);
            }

            if (received.EndOfMessage)
            {
                return new WebSocketInbound(WebSocketInboundKind.Text, _buffer.AsMemory(0, length));
            }

            if (length == _buffer.Length)
            {
                // One byte past the limit is room enough to tell a message over it.
                var grown = new byte[(int)Math.Min((long)_buffer.Length * 2, _limit + 1)];
                _buffer.AsSpan(0, length).CopyTo(grown);
                _buffer = grown;
            }
        }
    }
}
