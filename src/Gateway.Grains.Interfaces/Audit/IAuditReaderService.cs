using Orleans.Services;

namespace Gateway.Audit;

/// <summary>
/// Reads one silo's audit files (a grain service: one on every silo, addressed by silo), so that
/// <c>GET /admin/audit</c> on any silo answers for the whole cluster.
/// </summary>
[Alias("gw.IAuditReaderService")]
public interface IAuditReaderService : IGrainService
{
    /// <summary>This silo's lines matching the query, newest first.</summary>
    [Alias("Read")]
    Task<AuditLine[]> ReadAsync(AuditQuery query);
}
