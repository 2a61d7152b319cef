using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;

namespace Gateway.TestUpstream.Http;

/// <summary>
/// HTTP error responses whose body is a JSON-RPC error, as Streamable HTTP clients expect, for the
/// refusals this upstream makes in front of MapMcp (which writes its own).
/// </summary>
public static class JsonRpcErrorResponses
{
    /// <summary>Generic server error code for transport-level rejections (JSON-RPC reserves -32000..-32099).</summary>
    public const int ServerError = -32000;

    private static readonly JsonTypeInfo<JsonRpcError> s_errorTypeInfo =
        (JsonTypeInfo<JsonRpcError>)McpJsonUtilities.DefaultOptions.GetTypeInfo(typeof(JsonRpcError));

    private static readonly JsonTypeInfo<UnsupportedProtocolVersionErrorData> s_versionDataTypeInfo =
        (JsonTypeInfo<UnsupportedProtocolVersionErrorData>)McpJsonUtilities.DefaultOptions.GetTypeInfo(typeof(UnsupportedProtocolVersionErrorData));

    public static Task WriteAsync(HttpContext context, int statusCode, int code, string message, RequestId id = default, object? data = null)
    {
        var error = new JsonRpcError
        {
            Id = id,
            Error = new JsonRpcErrorDetail { Code = code, Message = message, Data = data },
        };

        context.Response.StatusCode = statusCode;
        context.Response.ContentType = "application/json";
        return JsonSerializer.SerializeAsync(context.Response.Body, error, s_errorTypeInfo, context.RequestAborted);
    }

    /// <summary>400 with UnsupportedProtocolVersion (-32022): SEP-2575 has the error list the versions the server does support, so the client can pick one.</summary>
    public static Task WriteUnsupportedVersionAsync(HttpContext context, string requested, IList<string> supported, string message, RequestId id = default)
    {
        var data = JsonSerializer.SerializeToNode(
            new UnsupportedProtocolVersionErrorData { Supported = supported, Requested = requested },
            s_versionDataTypeInfo);

        return WriteAsync(context, StatusCodes.Status400BadRequest, (int)McpErrorCode.UnsupportedProtocolVersion, message, id, data);
    }
}
