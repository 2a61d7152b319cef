using System.Text.Json.Nodes;
using Gateway.Protocol;
using ModelContextProtocol.Protocol;
using static Gateway.Sessions.Handlers.JsonRpcParams;

namespace Gateway.Sessions.Handlers;

/// <summary>resources/read: to the upstream that listed the URI, or on a pass-through server to its upstream.</summary>
public sealed class ResourcesReadHandler : ISessionRequestHandler
{
    public string Method => RequestMethods.ResourcesRead;

    public async Task<JsonRpcMessage> HandleAsync(SessionCall call, ISessionContext session)
    {
        var request = call.Request;
        if (RequiredString(request, "uri") is not { } uri)
        {
            return JsonRpc.Error(request.Id, GatewayErrorCodes.InvalidParams, "resources/read needs params.uri (a string)");
        }

        var owner = (await session.ViewAsync()).FindResourceOwner(uri) ?? session.State.Server;
        if (owner is null)
        {
            return JsonRpc.Error(request.Id, GatewayErrorCodes.ResourceNotFound, $"Resource not found: '{uri}'",
                new JsonObject { ["uri"] = uri });
        }

        return Answer(request, await session.ForwardAsync(request, owner, request.Params, call));
    }
}
