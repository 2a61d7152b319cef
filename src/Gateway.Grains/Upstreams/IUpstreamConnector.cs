namespace Gateway.Upstreams;

/// <summary>Opens MCP client connections to upstreams; a seam so tests can count or fake connections.</summary>
public interface IUpstreamConnector
{
    /// <param name="resume">
    /// An upstream session opened before (on this silo or another) to carry on without a new
    /// initialize, when the transport can; null, or a transport that cannot, opens a new session.
    /// </param>
    Task<UpstreamConnection> ConnectAsync(
        UpstreamDefinition definition, UpstreamConnectionHooks hooks, UpstreamSessionRecord? resume, CancellationToken cancellationToken);
}
