using Gateway.Protocol;
using ModelContextProtocol.Protocol;
using static Gateway.Sessions.Handlers.JsonRpcParams;

namespace Gateway.Sessions.Handlers;

public sealed class PromptsGetHandler : ISessionRequestHandler
{
    public string Method => RequestMethods.PromptsGet;

    public async Task<JsonRpcMessage> HandleAsync(SessionCall call, ISessionContext session)
    {
        var request = call.Request;
        if (RequiredString(request, "name") is not { } name)
        {
            return JsonRpc.Error(request.Id, GatewayErrorCodes.InvalidParams, "prompts/get needs params.name (a string)");
        }

        call.Target?.Prompt = name;
        if (await session.RouteAsync(name, v => v.FindPrompt(name)) is not var (upstream, originalName))
        {
            return JsonRpc.Error(request.Id, GatewayErrorCodes.InvalidParams, $"Unknown prompt: '{name}'");
        }

        return Answer(request, await session.ForwardAsync(request, upstream, Renamed(request, "name", originalName), call));
    }
}
