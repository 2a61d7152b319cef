using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;

namespace Gateway.Tests.Infrastructure;

/// <summary>
/// A plain client WebSocket to /ws, for what an SDK client would never send (bad JSON, binary
/// frames, requests before initialize) and what it hides (the subprotocol, close statuses).
/// </summary>
public sealed class RawWebSocket(ClientWebSocket socket) : IAsyncDisposable
{
    public const string InitializeMessage =
        """{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"raw-ws","version":"1"}}}""";

    public ClientWebSocket Socket => socket;

    /// <summary>A client socket that offers <paramref name="subprotocols"/> and, with a key, sends it as a bearer token.</summary>
    public static ClientWebSocket NewClient(string? apiKey, IEnumerable<string> subprotocols)
    {
        var client = new ClientWebSocket();
        foreach (var subprotocol in subprotocols)
        {
            client.Options.AddSubProtocol(subprotocol);
        }

        if (apiKey is not null)
        {
            client.Options.SetRequestHeader("Authorization", "Bearer " + apiKey);
        }

        // So that a refused upgrade's status can be asserted.
        client.Options.CollectHttpResponseDetails = true;
        return client;
    }

    /// <summary>The ws:// URL of a path of the gateway at <paramref name="baseUrl"/> (http://).</summary>
    public static Uri Url(string baseUrl, string path = "/ws") => new("ws" + baseUrl["http".Length..] + path);

    public static async Task<RawWebSocket> ConnectAsync(string baseUrl, string? apiKey, string path = "/ws", string[]? subprotocols = null)
    {
        var client = NewClient(apiKey, subprotocols ?? ["mcp"]);
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await client.ConnectAsync(Url(baseUrl, path), deadline.Token);
        return new RawWebSocket(client);
    }

    /// <summary>The whole next text message, or null when the other side closed.</summary>
    public static async Task<string?> ReceiveTextAsync(ClientWebSocket socket, CancellationToken cancellationToken)
    {
        using var message = new MemoryStream();
        var buffer = new byte[16 * 1024];
        while (true)
        {
            var received = await socket.ReceiveAsync(buffer, cancellationToken);
            if (received.MessageType == WebSocketMessageType.Close)
            {
                return null;
            }

            message.Write(buffer, 0, received.Count);
            if (received.EndOfMessage)
            {
                return Encoding.UTF8.GetString(message.GetBuffer(), 0, (int)message.Length);
            }
        }
    }

    /// <summary>Sends initialize and notifications/initialized; returns the initialize answer.</summary>
    public async Task<JsonNode> InitializeAsync(string protocolVersion = "2025-11-25")
    {
        await SendAsync(InitializeMessage.Replace("2025-11-25", protocolVersion));
        var answer = await NextAsync();
        await SendAsync("""{"jsonrpc":"2.0","method":"notifications/initialized"}""");
        return answer;
    }

    public Task SendAsync(string text) =>
        socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);

    public Task SendBinaryAsync(byte[] data) =>
        socket.SendAsync(data, WebSocketMessageType.Binary, endOfMessage: true, CancellationToken.None);

    /// <summary>The next message the gateway sends, parsed; fails when the socket closes or after a deadline.</summary>
    public async Task<JsonNode> NextAsync()
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var text = await ReceiveTextAsync(socket, deadline.Token)
            ?? throw new InvalidOperationException($"The gateway closed the socket: {socket.CloseStatus} {socket.CloseStatusDescription}");
        return JsonNode.Parse(text)!;
    }

    /// <summary>The next answer (a response, an error, or a batch's array), passing the server's notifications and requests by.</summary>
    public async Task<JsonNode> NextAnswerAsync()
    {
        while (true)
        {
            var message = await NextAsync();
            if (message is JsonArray || (message is JsonObject obj && !obj.ContainsKey("method")))
            {
                return message;
            }
        }
    }

    /// <summary>Reads until the gateway's close frame: its status and reason.</summary>
    public async Task<(WebSocketCloseStatus? Status, string? Reason)> ClosedAsync()
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (await ReceiveTextAsync(socket, deadline.Token) is not null)
        {
        }

        return (socket.CloseStatus, socket.CloseStatusDescription);
    }

    public async ValueTask DisposeAsync()
    {
        if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
        {
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try
            {
                await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", deadline.Token);
            }
            catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
            {
                // The gateway went first, or did not answer: the socket is aborted either way.
            }
        }

        socket.Dispose();
    }
}
