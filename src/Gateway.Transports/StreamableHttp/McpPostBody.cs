using Gateway.Protocol;
using Gateway.Transports.Answers;
using Gateway.Transports.JsonRpcParsing;
using Gateway.Transports.Security;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ModelContextProtocol.Protocol;

namespace Gateway.Transports.StreamableHttp;

/// <summary>
/// A POST's body, read up to the size limit and checked as JSON-RPC when minimal APIs bind the
/// handler's parameters (<see cref="BindAsync"/>), so that <see cref="McpRequestFilter"/> knows whether
/// the body opens a session. A body that cannot be used carries the answer that refuses it.
/// </summary>
public sealed class McpPostBody
{
    private McpPostBody(ParsedBody? messages, JsonRpcErrorResult? refusal)
    {
        Messages = messages;
        Refusal = refusal;
    }

    /// <summary>Null when the body was refused.</summary>
    public ParsedBody? Messages { get; }

    /// <summary>413 for a body over the limit; 400 with -32700, -32600 or -32602 for one that is not valid JSON-RPC.</summary>
    public JsonRpcErrorResult? Refusal { get; }

    /// <summary>An initialize needs no session id: it is what mints one.</summary>
    public bool OpensSession => Messages?.Messages.Any(m => m is JsonRpcRequest { Method: RequestMethods.Initialize }) == true;

    public static async ValueTask<McpPostBody?> BindAsync(HttpContext context)
    {
        var options = context.RequestServices.GetRequiredService<IOptions<McpEndpointOptions>>().Value;
        var body = await BoundedRequestBody.ReadAsync(context.Request, options.MaxRequestBodyBytes, context.RequestAborted);
        if (body is null)
        {
            return new McpPostBody(null, JsonRpcErrorResult.Of(StatusCodes.Status413PayloadTooLarge, GatewayErrorCodes.InvalidRequest,
                $"Request body too large: the limit is {options.MaxRequestBodyBytes} bytes"));
        }

        var parsed = JsonRpcBodyParser.Parse(body.Value, options.MaxJsonDepth);
        return parsed.Error is { } error
            ? new McpPostBody(null, JsonRpcErrorResult.Of(StatusCodes.Status400BadRequest, error))
            : new McpPostBody(parsed, null);
    }
}
