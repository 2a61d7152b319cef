using ModelContextProtocol.Client;

namespace Gateway.Upstreams.Transports;

/// <summary>Makes the SDK client transport for one kind of upstream; looked up by <see cref="UpstreamDefinition.Transport"/>.</summary>
public interface IUpstreamTransportFactory
{
    string Name { get; }

    /// <summary>Whether a session of this transport can be carried on by id from another process (Streamable HTTP).</summary>
    bool CanResume { get; }

    /// <param name="knownSessionId">The upstream session to carry on, when <see cref="CanResume"/>; null opens a new one.</param>
    UpstreamTransport Create(UpstreamDefinition definition, string? knownSessionId = null);
}

/// <param name="Transport">The SDK's transport.</param>
/// <param name="KeepSessionOnClose">
/// For a transport that can resume: makes closing it leave the upstream session open (no DELETE),
/// for another silo to carry on. Null where closing always ends the session.
/// </param>
public readonly record struct UpstreamTransport(IClientTransport Transport, Action? KeepSessionOnClose);
