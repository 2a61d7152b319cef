using System.Text.Json;
using System.Text.Json.Nodes;
using Gateway.Protocol;
using ModelContextProtocol.Protocol;
using static Gateway.Sessions.Handlers.JsonRpcParams;

namespace Gateway.Sessions.Handlers;

/// <summary>completion/complete: to the upstream of the referenced prompt (renamed to its own name) or resource.</summary>
public sealed class CompletionHandler : ISessionRequestHandler
{
    public string Method => RequestMethods.CompletionComplete;

    public async Task<JsonRpcMessage> HandleAsync(SessionCall call, ISessionContext session)
    {
        var request = call.Request;
        var reference = request.Params?["ref"] as JsonObject;
        var type = reference?["type"]?.GetValueKind() == JsonValueKind.String ? reference["type"]!.GetValue<string>() : null;
        var view = await session.ViewAsync();
        switch (type)
        {
            case "ref/prompt" when reference!["name"]?.GetValueKind() == JsonValueKind.String:
                if (view.FindPrompt(reference["name"]!.GetValue<string>()) is not { } prompt)
                {
                    return JsonRpc.Error(request.Id, GatewayErrorCodes.InvalidParams, $"Unknown prompt: '{reference["name"]}'");
                }

                reference["name"] = prompt.OriginalName;
                return Answer(request, await session.ForwardAsync(request, prompt.Upstream, request.Params, call));
            case "ref/resource" when reference!["uri"]?.GetValueKind() == JsonValueKind.String:
                var uri = reference["uri"]!.GetValue<string>();
                if ((view.FindTemplateOwner(uri) ?? view.FindResourceOwner(uri)) is not { } owner)
                {
                    return JsonRpc.Error(request.Id, GatewayErrorCodes.InvalidParams, $"Unknown resource or template: '{uri}'");
                }

                return Answer(request, await session.ForwardAsync(request, owner, request.Params, call));
            default:
                return JsonRpc.Error(request.Id, GatewayErrorCodes.InvalidParams,
                    "completion/complete needs params.ref of type 'ref/prompt' (with name) or 'ref/resource' (with uri)");
        }
    }
}
