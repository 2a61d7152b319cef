using Gateway.Transports.StreamableHttp;
using Microsoft.AspNetCore.Http;

namespace Gateway.Transports.LegacySse;

/// <summary>
/// What a legacy HTTP+SSE request (GET /sse, POST /messages) carries: the same principal, roles,
/// tenant, virtual server and protocol version header as a Streamable HTTP request, with the session
/// id from the endpoint's query (<c>?sessionId=</c>) instead of the Mcp-Session-Id header, since the
/// 2024-11-05 transport names the session only in the URL it gave the client.
/// </summary>
public sealed record LegacySseRequest(McpRequestContext Context)
{
    /// <summary>The query parameter of the message endpoint's URL.</summary>
    public const string SessionIdQuery = "sessionId";

    public static ValueTask<LegacySseRequest?> BindAsync(HttpContext context) => ValueTask.FromResult<LegacySseRequest?>(From(context));

    public static LegacySseRequest From(HttpContext context)
    {
        var sessionId = context.Request.Query[SessionIdQuery].ToString();
        return new LegacySseRequest(McpRequestContext.From(context) with { SessionId = sessionId.Length == 0 ? null : sessionId });
    }
}
