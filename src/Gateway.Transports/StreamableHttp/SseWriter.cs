using System.Text;
using System.Text.Json;
using Gateway.Protocol;
using Microsoft.AspNetCore.Http;
using ModelContextProtocol.Protocol;

namespace Gateway.Transports.StreamableHttp;

/// <summary>Writes server-sent events (WHATWG HTML, "Server-sent events"): one JSON-RPC message per event.</summary>
public sealed class SseWriter(HttpResponse response, string streamId)
{
    private static readonly byte[] KeepAliveBytes = Encoding.UTF8.GetBytes(": keep-alive\n\n");
    private long _sequence;

    public static void Start(HttpResponse response)
    {
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache,no-store";
        response.Headers["X-Accel-Buffering"] = "no";
    }

    public async Task WriteAsync(JsonRpcMessage message, CancellationToken cancellationToken)
    {
        var json = JsonSerializer.Serialize(message, JsonRpc.Options);
        var text = $"id: {streamId}-{++_sequence}\nevent: message\ndata: {json}\n\n";
        await response.Body.WriteAsync(Encoding.UTF8.GetBytes(text), cancellationToken);
        await response.Body.FlushAsync(cancellationToken);
    }

    public async Task KeepAliveAsync(CancellationToken cancellationToken)
    {
        await response.Body.WriteAsync(KeepAliveBytes, cancellationToken);
        await response.Body.FlushAsync(cancellationToken);
    }
}
