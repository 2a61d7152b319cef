using System.Text;
using System.Text.Json;
using Gateway.Protocol;
using Microsoft.AspNetCore.Http;
using Gateway.Streams;

namespace Gateway.Transports.StreamableHttp;

/// <summary>
/// Writes server-sent events (WHATWG HTML, "Server-sent events"): one JSON-RPC message per event,
/// with an id line when the message has an event id (the standalone stream, which is resumable).
/// </summary>
public sealed class SseWriter(HttpResponse response)
{
    private static readonly byte[] KeepAliveBytes = Encoding.UTF8.GetBytes(": keep-alive\n\n");

    public static void Start(HttpResponse response)
    {
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache,no-store";
        response.Headers["X-Accel-Buffering"] = "no";
    }

    public async Task WriteAsync(StreamItem item, CancellationToken cancellationToken)
    {
        var json = JsonSerializer.Serialize(item.Message, JsonRpc.Options);
        var text = item.EventId is null ? $"event: message\ndata: {json}\n\n" : $"id: {item.EventId}\nevent: message\ndata: {json}\n\n";
        await response.Body.WriteAsync(Encoding.UTF8.GetBytes(text), cancellationToken);
        await response.Body.FlushAsync(cancellationToken);
    }

    public async Task KeepAliveAsync(CancellationToken cancellationToken)
    {
        await response.Body.WriteAsync(KeepAliveBytes, cancellationToken);
        await response.Body.FlushAsync(cancellationToken);
    }
}
