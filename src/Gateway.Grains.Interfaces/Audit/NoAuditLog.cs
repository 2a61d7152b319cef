namespace Gateway.Audit;

/// <summary>The audit log when <c>Gateway:Audit:Enabled</c> is false: lines go nowhere.</summary>
public sealed class NoAuditLog : IAuditLog
{
    public static NoAuditLog Instance { get; } = new();

    private NoAuditLog()
    {
    }

    public void Write(AuditEntry entry)
    {
    }
}
