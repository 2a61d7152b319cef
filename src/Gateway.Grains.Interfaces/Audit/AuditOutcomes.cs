namespace Gateway.Audit;

public static class AuditOutcomes
{
    /// <summary>Answered with a result; an admin change that was made.</summary>
    public const string Ok = "ok";

    /// <summary>A tools/call whose result says <c>isError</c>: the tool ran and reported a failure.</summary>
    public const string ToolError = "tool_error";

    /// <summary>Answered with a JSON-RPC error (its code is in the line), or failed with a 5xx status.</summary>
    public const string Error = "error";

    /// <summary>Turned away before it ran, with the HTTP status in the line: authentication, roles, origin, session, limits, input.</summary>
    public const string Refused = "refused";
}
