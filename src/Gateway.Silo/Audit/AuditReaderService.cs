using Gateway.Audit;
using Orleans.Runtime;

namespace Gateway.Silo.Audit;

/// <summary>
/// The grain service on every silo that reads that silo's audit files for <c>GET /admin/audit</c>
/// asked on any silo. The files are read on the thread pool, not on the service's scheduler.
/// </summary>
public sealed class AuditReaderService(GrainId id, Orleans.Runtime.Silo silo, ILoggerFactory loggers, AuditFileReader reader)
    : GrainService(id, silo, loggers), IAuditReaderService
{
    public Task<AuditLine[]> ReadAsync(AuditQuery query) => Task.Run(() => reader.Read(query));
}
