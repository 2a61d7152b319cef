namespace Gateway.Transports.StreamableHttp;

/// <summary>Which /servers/{name}/mcp endpoints exist: one per configured or admin-added upstream.</summary>
public interface IVirtualServerDirectory
{
    /// <summary>Whether /servers/{server}/mcp serves a principal of the tenant: the upstream exists and is the tenant's.</summary>
    ValueTask<bool> ExistsAsync(string server, string? tenant, CancellationToken cancellationToken);
}
