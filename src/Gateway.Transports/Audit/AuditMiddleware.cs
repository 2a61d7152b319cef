using Gateway.Audit;
using Gateway.Protocol;
using Gateway.Transports.Security;
using Gateway.Transports.StreamableHttp;
using Microsoft.AspNetCore.Http;

namespace Gateway.Transports.Audit;

/// <summary>
/// The front door's audit lines, written once the answer's status is final (so it sits outside the
/// exception handler, the origin check and auth):
/// <list type="bullet">
/// <item>an MCP request answered with a 4xx or 5xx status: refused before any session ran it
/// (authentication, roles, origin, an unknown or foreign session, the principal's cap, bad input),
/// or failed. What a session answered, even with a JSON-RPC error, is the session's to audit;</item>
/// <item>every request to an admin change (<see cref="AuditedAction"/>), with its outcome.</item>
/// </list>
/// A client that went away before its answer was neither refused nor served here, and gets no line.
/// </summary>
public sealed class AuditMiddleware(RequestDelegate next, IAuditLog audit, TimeProvider time)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var started = time.GetTimestamp();
        var failed = false;
        try
        {
            await next(context);
        }
        catch
        {
            failed = true;
            throw;
        }
        finally
        {
            var status = failed ? StatusCodes.Status500InternalServerError : context.Response.StatusCode;
            if (AuditEntryOf(context, status) is { } entry)
            {
                audit.Write(entry with { DurationMs = Math.Round(time.GetElapsedTime(started).TotalMilliseconds, 3) });
            }
        }
    }

    private static AuditEntry? AuditEntryOf(HttpContext context, int status)
    {
        var metadata = context.GetEndpoint()?.Metadata;
        var user = context.User.Identity is { IsAuthenticated: true, Name: { } name } ? name : null;
        var tenant = user is null ? null : GatewayClaims.Tenant(context.User);
        var note = context.Features.Get<AuditNote>();
        if (metadata?.GetMetadata<AuditedAction>() is { } action)
        {
            var ok = status is >= 200 and < 300;
            return new AuditEntry
            {
                Kind = AuditKinds.Admin,
                Principal = user,
                Tenant = tenant,
                Action = action.Action,
                Target = note?.Target ?? context.Request.RouteValues["name"] as string,
                Outcome = ok ? AuditOutcomes.Ok : OutcomeOf(status),
                Status = ok ? null : status,
            };
        }

        if (metadata?.GetMetadata<McpEndpointMetadata>() is null || status < 400 || context.RequestAborted.IsCancellationRequested)
        {
            return null;
        }

        // The legacy HTTP+SSE transport names the session in its endpoint's query instead.
        var sessionId = context.Request.Headers[McpHeaders.SessionId].ToString() is { Length: > 0 } header
            ? header
            : context.Request.Query[LegacySse.LegacySseRequest.SessionIdQuery].ToString();
        return new AuditEntry
        {
            Kind = AuditKinds.Mcp,
            Principal = user,
            Tenant = tenant,
            Session = sessionId.Length == 0 ? null : SessionIds.ForLog(sessionId),
            Server = context.Request.RouteValues[McpRequestContext.ServerRouteValue] as string,
            Method = note?.Method,
            Outcome = OutcomeOf(status),
            Status = status,
        };
    }

    private static string OutcomeOf(int status) => status >= 500 ? AuditOutcomes.Error : AuditOutcomes.Refused;
}
