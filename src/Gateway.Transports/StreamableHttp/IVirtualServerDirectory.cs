namespace Gateway.Transports.StreamableHttp;

/// <summary>Which /servers/{name}/mcp endpoints exist: one per configured or admin-added upstream.</summary>
public interface IVirtualServerDirectory
{
    ValueTask<bool> ExistsAsync(string server, CancellationToken cancellationToken);
}
