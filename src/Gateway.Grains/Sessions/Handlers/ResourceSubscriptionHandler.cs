using System.Text.Json.Nodes;
using Gateway.Catalog;
using Gateway.Protocol;
using Microsoft.Extensions.Options;
using ModelContextProtocol.Protocol;
using static Gateway.Sessions.Handlers.JsonRpcParams;

namespace Gateway.Sessions.Handlers;

/// <summary>
/// resources/subscribe and resources/unsubscribe: to the upstream that serves the URI, through the
/// session's own upstream session, so that upstream's notifications/resources/updated reach this
/// session only. The session keeps what it subscribed to (at most
/// <see cref="SessionOptions.MaxSubscriptions"/>), to subscribe a new upstream session again and to
/// pass on only the updates the client asked for.
/// </summary>
public sealed class ResourceSubscriptionHandler(string method, CatalogCache catalog, IOptions<SessionOptions> options) : ISessionRequestHandler
{
    public string Method => method;

    private bool Subscribes => method == RequestMethods.ResourcesSubscribe;

    public async Task<JsonRpcMessage> HandleAsync(SessionCall call, ISessionContext session)
    {
        var request = call.Request;
        if (RequiredString(request, "uri") is not { } uri)
        {
            return JsonRpc.Error(request.Id, GatewayErrorCodes.InvalidParams, $"{method} needs params.uri (a string)");
        }

        var owner = (await session.ViewAsync()).FindResourceOwner(uri) ?? session.State.Server;
        if (owner is null)
        {
            return JsonRpc.Error(request.Id, GatewayErrorCodes.ResourceNotFound, $"Resource not found: '{uri}'", new JsonObject { ["uri"] = uri });
        }

        if (Subscribes && (await catalog.GetAsync()).UpstreamsByName.GetValueOrDefault(owner) is { Available: true, SupportsSubscribe: false })
        {
            return JsonRpc.Error(request.Id, GatewayErrorCodes.InvalidParams, $"Upstream '{owner}', which serves '{uri}', does not offer resource subscriptions");
        }

        var subscriptions = session.State.Subscriptions;
        if (Subscribes && !subscriptions.ContainsKey(uri) && subscriptions.Count >= options.Value.MaxSubscriptions)
        {
            return JsonRpc.Error(request.Id, GatewayErrorCodes.InvalidParams,
                $"This session is subscribed to {subscriptions.Count} resources, the most Gateway:Sessions:MaxSubscriptions allows: unsubscribe from one first");
        }

        var reply = await session.ForwardAsync(request, owner, request.Params, call);
        if (reply.Error is null)
        {
            await session.SetSubscriptionAsync(uri, Subscribes ? owner : null);
        }

        return Answer(request, reply);
    }
}
