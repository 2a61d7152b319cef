using Gateway.Audit;
using Orleans.Runtime;
using Orleans.Runtime.Services;

namespace Gateway.Silo.Audit;

/// <summary>Reaches the <see cref="AuditReaderService"/> of a given silo.</summary>
public sealed class AuditReaderClient(IServiceProvider services) : GrainServiceClient<IAuditReaderService>(services)
{
    public Task<AuditLine[]> ReadAsync(SiloAddress silo, AuditQuery query) => GetGrainService(silo).ReadAsync(query);
}
