namespace Gateway.Audit;

public static class AuditKinds
{
    /// <summary>An MCP request: answered by its session, or refused by the front door.</summary>
    public const string Mcp = "mcp";

    /// <summary>A change through the admin API.</summary>
    public const string Admin = "admin";

    /// <summary>A tool pin's event: pinned on first sight, held, restored, withdrawn, approved, rejected.</summary>
    public const string Pin = "pin";
}
