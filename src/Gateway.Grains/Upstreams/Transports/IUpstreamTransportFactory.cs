using ModelContextProtocol.Client;

namespace Gateway.Upstreams.Transports;

/// <summary>Makes the SDK client transport for one kind of upstream; looked up by <see cref="UpstreamDefinition.Transport"/>.</summary>
public interface IUpstreamTransportFactory
{
    string Name { get; }

    IClientTransport Create(UpstreamDefinition definition);
}
