using Gateway.Protocol;
using Microsoft.AspNetCore.Http;

namespace Gateway.Transports.StreamableHttp;

/// <summary>What every MCP request carries in its headers, read once.</summary>
public readonly record struct McpRequestContext(string? SessionId, string? ProtocolVersion, string? Principal, string? Server)
{
    public static McpRequestContext From(HttpContext context, string? server)
    {
        var sessionId = context.Request.Headers[McpHeaders.SessionId].ToString();
        var version = context.Request.Headers[McpHeaders.ProtocolVersion].ToString();
        var principal = context.User.Identity is { IsAuthenticated: true, Name: { } name } ? name : null;
        return new McpRequestContext(
            sessionId.Length == 0 ? null : sessionId,
            version.Length == 0 ? null : version,
            principal,
            server);
    }

    /// <summary>Spec 2025-06-18 "Protocol Version Header": an invalid or unsupported version gets 400.</summary>
    public string? ProtocolVersionProblem =>
        ProtocolVersion is null || ProtocolVersions.IsSupported(ProtocolVersion)
            ? null
            : $"Unsupported MCP-Protocol-Version '{ProtocolVersion}'; supported: {string.Join(", ", ProtocolVersions.Supported)}";
}
