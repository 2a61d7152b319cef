using Gateway.Protocol;
using Gateway.Sessions;
using Microsoft.AspNetCore.Http;

namespace Gateway.Transports.Answers;

/// <summary>What a client is told when its session refuses a message: the HTTP status and the JSON-RPC error.</summary>
public readonly record struct SessionRefusal(int StatusCode, int Code, string Message)
{
    /// <summary>The code MCP servers commonly use with 404 for an unknown session.</summary>
    public const int SessionNotFoundCode = -32001;

    public static SessionRefusal Of(SessionReply reply) => reply.Status switch
    {
        SessionStatus.ProtocolMismatch => new(StatusCodes.Status400BadRequest, GatewayErrorCodes.InvalidRequest,
            reply.Detail ?? "Protocol version mismatch"),
        SessionStatus.NotInitialized => new(StatusCodes.Status400BadRequest, GatewayErrorCodes.InvalidRequest,
            reply.Detail ?? "The session is not initialized: send initialize first"),
        SessionStatus.LimitReached => new(StatusCodes.Status429TooManyRequests, GatewayErrorCodes.SessionLimitReached,
            reply.Detail ?? "Too many open sessions"),
        _ => new(StatusCodes.Status404NotFound, SessionNotFoundCode, reply.Detail ?? "Session not found"),
    };
}
