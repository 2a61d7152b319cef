using Gateway.Audit;
using Gateway.Protocol;
using Gateway.Sessions.Handlers;
using ModelContextProtocol.Protocol;

namespace Gateway.Sessions;

/// <summary>
/// The audit line of every request the session answers, initialize included, written on the silo
/// that ran it once the answer is known. What the session refuses as a whole (an unknown or foreign
/// session, the principal's cap) goes back to the front door as a status, and the front door audits
/// it with the HTTP status the client gets.
/// </summary>
public sealed partial class McpSessionGrain
{
    private JsonRpcMessage Audited(JsonRpcRequest request, JsonRpcMessage answer, long started, string? principal, string? tenant, CallTarget? target)
    {
        var (outcome, code) = RequestAudit.OutcomeOf(answer);
        audit.Write(new AuditEntry
        {
            Kind = AuditKinds.Mcp,
            Principal = principal,
            Tenant = tenant,
            Session = SessionIds.ForLog(SessionId),
            Server = Session.Server,
            Method = request.Method,
            RequestId = request.Id.ToString(),
            Tool = target?.Tool,
            Prompt = target?.Prompt,
            Upstream = target?.Upstream,
            Outcome = outcome,
            Code = code,
            DurationMs = Math.Round(time.GetElapsedTime(started).TotalMilliseconds, 3),
            ArgumentsBytes = RequestAudit.ArgumentsBytes(request),
        });
        return answer;
    }
}
