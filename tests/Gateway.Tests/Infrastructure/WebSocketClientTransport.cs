using System.Net.WebSockets;
using System.Text.Json;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace Gateway.Tests.Infrastructure;

/// <summary>
/// An SDK client transport over System.Net.WebSockets.ClientWebSocket, which the C# SDK does not
/// ship: one JSON-RPC message per text message, the <c>mcp</c> subprotocol offered as the
/// TypeScript SDK's WebSocketClientTransport offers it, and the API key in the upgrade's
/// Authorization header. Disposing it closes the socket with the close handshake.
/// </summary>
public sealed class WebSocketClientTransport(Uri endpoint, string? apiKey = null) : IClientTransport
{
    public string Name => $"WebSocket {endpoint}";

    /// <summary>The SDK's McpClient over a socket to <paramref name="endpoint"/>, such as ws://host/ws.</summary>
    public static async Task<McpClient> ConnectClientAsync(Uri endpoint, McpClientOptions? options = null, string? apiKey = null)
    {
        options ??= new McpClientOptions();
        options.ProtocolVersion ??= "2025-11-25";
        options.ClientInfo ??= new Implementation { Name = "gateway-tests-ws", Version = "1.0" };
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        return await McpClient.CreateAsync(new WebSocketClientTransport(endpoint, apiKey), options, cancellationToken: timeout.Token);
    }

    public async Task<ITransport> ConnectAsync(CancellationToken cancellationToken = default)
    {
        var socket = RawWebSocket.NewClient(apiKey, ["mcp"]);
        try
        {
            await socket.ConnectAsync(endpoint, cancellationToken);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        return new Connection(socket);
    }

    /// <summary>The connected socket as the SDK's transport: a reader of every message the gateway sends.</summary>
    private sealed class Connection : TransportBase
    {
        private readonly ClientWebSocket _socket;
        private readonly SemaphoreSlim _sendGate = new(1, 1);
        private readonly Task _reading;

        public Connection(ClientWebSocket socket)
            : base("websocket-test-client", loggerFactory: null)
        {
            _socket = socket;
            SetConnected();
            _reading = ReadAsync();
        }

        public override async Task SendMessageAsync(JsonRpcMessage message, CancellationToken cancellationToken = default)
        {
            var frame = JsonSerializer.SerializeToUtf8Bytes(message, McpJsonUtilities.DefaultOptions);
            await _sendGate.WaitAsync(cancellationToken);
            try
            {
                await _socket.SendAsync(frame, WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
            }
            finally
            {
                _sendGate.Release();
            }
        }

        public override async ValueTask DisposeAsync()
        {
            if (_socket.State == WebSocketState.Open)
            {
                try
                {
                    await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "done", CancellationToken.None);
                }
                catch (WebSocketException)
                {
                    // The gateway went first.
                }
            }

            // The gateway's close frame ends the reader.
            await _reading;
            _socket.Dispose();
        }

        private async Task ReadAsync()
        {
            try
            {
                while (await RawWebSocket.ReceiveTextAsync(_socket, CancellationToken.None) is { } text)
                {
                    var message = JsonSerializer.Deserialize<JsonRpcMessage>(text, McpJsonUtilities.DefaultOptions);
                    if (message is not null)
                    {
                        await WriteMessageAsync(message);
                    }
                }

                SetDisconnected();
            }
            catch (Exception ex)
            {
                SetDisconnected(ex);
            }
        }
    }
}
