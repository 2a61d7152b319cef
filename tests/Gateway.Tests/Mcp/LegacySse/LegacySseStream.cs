using System.Text.Json.Nodes;
using System.Threading.Channels;
using Gateway.Tests.Infrastructure;

namespace Gateway.Tests.Mcp.LegacySse;

/// <summary>
/// A raw GET /sse stream of the 2024-11-05 transport, for what the SDK's client hides: the
/// endpoint event, and POSTs made as another principal or after the stream closed.
/// </summary>
public sealed class LegacySseStream : IAsyncDisposable
{
    private readonly HttpClient _http;
    private readonly HttpResponseMessage _response;
    private readonly CancellationTokenSource _stop = new();
    private readonly Channel<(string Event, string Data)> _events = Channel.CreateUnbounded<(string, string)>();
    private readonly Task _reader;

    private LegacySseStream(HttpClient http, HttpResponseMessage response)
    {
        _http = http;
        _response = response;
        _reader = ReadAsync();
    }

    /// <summary>The URL the endpoint event named, where this session's messages go.</summary>
    public string Endpoint { get; private set; } = "";

    public static async Task<LegacySseStream> OpenAsync(HttpClient http, string bearer, string path = "/sse")
    {
        var request = ClientRequests.Create("GET", path, bearer: bearer);
        request.Headers.TryAddWithoutValidation("Accept", "text/event-stream");
        var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        var stream = new LegacySseStream(http, response);
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        var first = await stream._events.Reader.ReadAsync(deadline.Token);
        Assert.Equal("endpoint", first.Event);
        stream.Endpoint = first.Data;
        return stream;
    }

    /// <summary>Opens a stream and initializes its session, reading the initialize answer off the stream.</summary>
    public static async Task<LegacySseStream> InitializeAsync(HttpClient http, string bearer, string path = "/sse")
    {
        var stream = await OpenAsync(http, bearer, path);
        using var response = await stream.PostAsync(
            """{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"raw","version":"1"}}}""",
            bearer);
        Assert.Equal(System.Net.HttpStatusCode.Accepted, response.StatusCode);
        Assert.NotNull((await stream.NextMessageAsync())["result"]);
        using var initialized = await stream.PostAsync("""{"jsonrpc":"2.0","method":"notifications/initialized"}""", bearer);
        return stream;
    }

    public Task<HttpResponseMessage> PostAsync(string body, string bearer) =>
        _http.SendAsync(ClientRequests.Create("POST", Endpoint, body, bearer));

    /// <summary>The data of the next message event; fails after a deadline.</summary>
    public async Task<JsonNode> NextMessageAsync()
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        var next = await _events.Reader.ReadAsync(deadline.Token);
        Assert.Equal("message", next.Event);
        return JsonNode.Parse(next.Data)!;
    }

    /// <summary>The session id, as the endpoint's query carries it.</summary>
    public string SessionId => Endpoint[(Endpoint.IndexOf("sessionId=", StringComparison.Ordinal) + "sessionId=".Length)..];

    /// <summary>Whether the server ended the stream within a deadline.</summary>
    public async Task<bool> EndsAsync()
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        try
        {
            await _events.Reader.Completion.WaitAsync(deadline.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _response.Dispose();
        try
        {
            await _reader;
        }
        catch (Exception)
        {
            // Reading stops with the response.
        }
    }

    private async Task ReadAsync()
    {
        using var reader = new StreamReader(await _response.Content.ReadAsStreamAsync(_stop.Token));
        string? type = null;
        string? data = null;
        while (await reader.ReadLineAsync(_stop.Token) is { } line)
        {
            if (line.Length == 0)
            {
                if (data is not null)
                {
                    await _events.Writer.WriteAsync((type ?? "message", data));
                }

                (type, data) = (null, null);
            }
            else if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                type = line["event: ".Length..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                data = line["data: ".Length..];
            }
        }

        _events.Writer.TryComplete();
    }
}
