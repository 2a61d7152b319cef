namespace Gateway.Upstreams;

/// <summary>Opens MCP client connections to upstreams; a seam so tests can count or fake connections.</summary>
public interface IUpstreamConnector
{
    Task<UpstreamConnection> ConnectAsync(
        UpstreamDefinition definition, UpstreamConnectionHooks hooks, CancellationToken cancellationToken);
}
