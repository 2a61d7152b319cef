using System.Text;
using Gateway.Protocol;
using Gateway.Streams;
using Gateway.Transports.Answers;
using Microsoft.AspNetCore.Http;

namespace Gateway.Tests.Mcp;

/// <summary>The SSE framing clients parse: one JSON-RPC message per event, an id line only on resumable streams.</summary>
public sealed class SseResponseTests
{
    [Fact]
    public async Task Events_CarryTheMessageOnOneDataLine_AndTheirEventIdWhenTheyHaveOne()
    {
        var (context, body) = NewContext();
        var sse = new SseResponse(context.Response);

        sse.Start();
        await sse.WriteAsync(Items(
            new StreamItem(JsonRpc.Notification("notifications/tools/list_changed"), "ab12-7"),
            new StreamItem(JsonRpc.Notification("notifications/message"))), CancellationToken.None);

        Assert.Equal(StatusCodes.Status200OK, context.Response.StatusCode);
        Assert.Equal("text/event-stream", context.Response.ContentType);
        Assert.Equal("no-cache,no-store", context.Response.Headers.CacheControl.ToString());
        Assert.Equal("no", context.Response.Headers["X-Accel-Buffering"].ToString());
        Assert.Equal(
            "event: message\ndata: {\"method\":\"notifications/tools/list_changed\",\"jsonrpc\":\"2.0\"}\nid: ab12-7\n\n" +
            "event: message\ndata: {\"method\":\"notifications/message\",\"jsonrpc\":\"2.0\"}\n\n",
            Encoding.UTF8.GetString(body.ToArray()));
    }

    [Fact]
    public async Task KeepAlive_IsACommentLine()
    {
        var (context, body) = NewContext();

        await new SseResponse(context.Response).KeepAliveAsync(CancellationToken.None);

        Assert.Equal(": keep-alive\n\n", Encoding.UTF8.GetString(body.ToArray()));
    }

    private static (HttpContext Context, MemoryStream Body) NewContext()
    {
        var body = new MemoryStream();
        return (new DefaultHttpContext { Response = { Body = body } }, body);
    }

#pragma warning disable CS1998 // an async iterator over fixed items
    private static async IAsyncEnumerable<StreamItem> Items(params StreamItem[] items)
#pragma warning restore CS1998
    {
        foreach (var item in items)
        {
            yield return item;
        }
    }
}
