namespace Gateway.Audit;

/// <summary>
/// Where audit lines go. Each silo writes its own; a request is audited by the silo that ran it.
/// </summary>
public interface IAuditLog
{
    /// <summary>Writes one line, stamped with the time and this silo. Never waits for the disk and never throws.</summary>
    void Write(AuditEntry entry);
}
