using Gateway.Protocol;
using Microsoft.AspNetCore.Http;

namespace Gateway.Transports.StreamableHttp;

/// <summary>
/// What every MCP request carries in its headers and route, read once. Minimal APIs bind it as a
/// handler parameter (<see cref="BindAsync"/>); <see cref="McpRequestFilter"/> checks it before the
/// handler runs.
/// </summary>
/// <param name="Principal">The authenticated principal's name: it binds the session.</param>
/// <param name="Roles">The principal's roles on this request (tool policies are checked against them).</param>
/// <param name="Tenant">The principal's tenant, when its key or token names one.</param>
public sealed record McpRequestContext(string? SessionId, string? ProtocolVersion, string? Principal, string? Server, string[]? Roles = null, string? Tenant = null)
{
    /// <summary>The route value of /servers/{server}/mcp.</summary>
    public const string ServerRouteValue = "server";

    public static ValueTask<McpRequestContext?> BindAsync(HttpContext context) => ValueTask.FromResult<McpRequestContext?>(From(context));

    public static McpRequestContext From(HttpContext context)
    {
        var sessionId = context.Request.Headers[McpHeaders.SessionId].ToString();
        var version = context.Request.Headers[McpHeaders.ProtocolVersion].ToString();
        var principal = context.User.Identity is { IsAuthenticated: true, Name: { } name } ? name : null;
        var roles = principal is null ? null : Security.GatewayClaims.Roles(context.User);
        return new McpRequestContext(
            sessionId.Length == 0 ? null : sessionId,
            version.Length == 0 ? null : version,
            principal,
            context.Request.RouteValues[ServerRouteValue] as string,
            roles,
            principal is null ? null : Security.GatewayClaims.Tenant(context.User));
    }

    /// <summary>Spec 2025-06-18 "Protocol Version Header": an invalid or unsupported version gets 400.</summary>
    public string? ProtocolVersionProblem =>
        ProtocolVersion is null || ProtocolVersions.IsSupported(ProtocolVersion)
            ? null
            : $"Unsupported MCP-Protocol-Version '{ProtocolVersion}'; supported: {string.Join(", ", ProtocolVersions.Supported)}";
}
