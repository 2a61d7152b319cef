using System.Text.Json.Nodes;
using System.Threading.Channels;

namespace Gateway.Tests.Infrastructure;

/// <summary>A raw SSE stream (GET /mcp, a listen POST) read event by event, for what SDK clients hide (event ids, resumption, listen tags).</summary>
public sealed class SseStream : IAsyncDisposable
{
    private readonly HttpResponseMessage _response;
    private readonly CancellationTokenSource _stop = new();
    private readonly Channel<(string? Id, JsonNode Data)> _events = Channel.CreateUnbounded<(string?, JsonNode)>();
    private readonly Task _reader;

    private SseStream(HttpResponseMessage response)
    {
        _response = response;
        _reader = ReadAsync();
    }

    public static async Task<SseStream> OpenAsync(HttpClient http, string sessionId, string? lastEventId = null, string path = "/mcp")
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.TryAddWithoutValidation("Accept", "text/event-stream");
        request.Headers.TryAddWithoutValidation("Mcp-Session-Id", sessionId);
        if (lastEventId is not null)
        {
            request.Headers.TryAddWithoutValidation("Last-Event-ID", lastEventId);
        }

        return await OpenAsync(http, request);
    }

    /// <summary>Any request whose answer is an SSE stream (a 2026-07-28 subscriptions/listen POST, for one).</summary>
    public static async Task<SseStream> OpenAsync(HttpClient http, HttpRequestMessage request)
    {
        var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        return new SseStream(response);
    }

    /// <summary>The next event whose JSON-RPC method matches, skipping others; fails after a deadline.</summary>
    public async Task<(string? Id, JsonNode Data)> NextAsync(string method, TimeSpan? timeout = null)
    {
        using var deadline = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(15));
        while (true)
        {
            var next = await _events.Reader.ReadAsync(deadline.Token);
            if ((string?)next.Data["method"] == method)
            {
                return next;
            }
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
        string? id = null;
        string? data = null;
        while (await reader.ReadLineAsync(_stop.Token) is { } line)
        {
            if (line.Length == 0)
            {
                if (data is not null)
                {
                    await _events.Writer.WriteAsync((id, JsonNode.Parse(data)!));
                }

                (id, data) = (null, null);
            }
            else if (line.StartsWith("id: ", StringComparison.Ordinal))
            {
                id = line[4..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                data = line[6..];
            }
        }
    }
}
