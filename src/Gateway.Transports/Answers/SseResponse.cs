using System.Buffers;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Gateway.Protocol;
using Gateway.Streams;
using Microsoft.AspNetCore.Http;
using ModelContextProtocol.Protocol;

namespace Gateway.Transports.Answers;

/// <summary>
/// A text/event-stream answer (WHATWG HTML, "Server-sent events") with one JSON-RPC message per
/// event, framed by System.Net.ServerSentEvents' SseFormatter: "event: message", the message on one
/// data line, and an id line when the item has an event id (the standalone stream, which a client
/// resumes with Last-Event-ID). No retry field is sent: clients keep their own reconnection delay.
/// </summary>
public sealed class SseResponse(HttpResponse response)
{
    private const string EventType = "message";

    // SseFormatter writes events only; a comment line is what keeps an idle stream open through proxies.
    private static readonly byte[] KeepAliveComment = ": keep-alive\n\n"u8.ToArray();

    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = JsonRpc.Options.Encoder,
        Indented = false,
    };

    /// <summary>The status and headers; nothing is sent before the first write or flush.</summary>
    public void Start()
    {
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache,no-store";
        response.Headers["X-Accel-Buffering"] = "no";
    }

    /// <summary>Writes each item as one event, flushed as it is written, until <paramref name="items"/> ends.</summary>
    public Task WriteAsync(IAsyncEnumerable<StreamItem> items, CancellationToken cancellationToken) =>
        SseFormatter.WriteAsync(Events(items, cancellationToken), response.Body, WriteData, cancellationToken);

    /// <summary>
    /// The 2024-11-05 HTTP+SSE transport's first event: where the client POSTs its messages.
    /// <paramref name="uri"/> is the gateway's own (a path and an escaped query), so one data line holds it.
    /// </summary>
    public async Task WriteEndpointAsync(string uri, CancellationToken cancellationToken)
    {
        await response.WriteAsync($"event: endpoint\ndata: {uri}\n\n", cancellationToken);
        await response.Body.FlushAsync(cancellationToken);
    }

    /// <summary>
    /// A comment line, which clients ignore. Safe between events: SseFormatter writes only once
    /// the next item has been produced.
    /// </summary>
    public async Task KeepAliveAsync(CancellationToken cancellationToken)
    {
        await response.Body.WriteAsync(KeepAliveComment, cancellationToken);
        await response.Body.FlushAsync(cancellationToken);
    }

    private static async IAsyncEnumerable<SseItem<JsonRpcMessage>> Events(
        IAsyncEnumerable<StreamItem> items, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var item in items.WithCancellation(cancellationToken))
        {
            yield return new SseItem<JsonRpcMessage>(item.Message, EventType) { EventId = item.EventId };
        }
    }

    private static void WriteData(SseItem<JsonRpcMessage> item, IBufferWriter<byte> buffer)
    {
        // Compact JSON has no line breaks, so every message is exactly one data line.
        using var writer = new Utf8JsonWriter(buffer, WriterOptions);
        JsonSerializer.Serialize(writer, item.Data, JsonRpc.Options);
    }
}
