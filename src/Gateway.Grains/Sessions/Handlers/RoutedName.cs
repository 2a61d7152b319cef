using Gateway.Upstreams;
using static Gateway.Sessions.Handlers.JsonRpcParams;

namespace Gateway.Sessions.Handlers;

/// <summary>Where an exposed tool or prompt name routes (<see cref="ExposedNameRoute{TItem}"/>).</summary>
/// <param name="Name">The name as the client sent it.</param>
/// <param name="Upstream">The upstream that serves it.</param>
/// <param name="OriginalName">Its name on that upstream.</param>
public sealed record RoutedName(string Name, string Upstream, string OriginalName)
{
    /// <summary>Sends the request to the upstream with params.name set to the upstream's own name.</summary>
    public Task<UpstreamReply> ForwardAsync(SessionCall call, ISessionContext session) =>
        session.ForwardAsync(call.Request, Upstream, Renamed(call.Request, "name", OriginalName), call);
}
