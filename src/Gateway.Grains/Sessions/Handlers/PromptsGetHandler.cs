using Gateway.Protocol;
using ModelContextProtocol.Protocol;
using static Gateway.Sessions.Handlers.JsonRpcParams;

namespace Gateway.Sessions.Handlers;

/// <summary>prompts/get: routed by the exposed name to its upstream.</summary>
public sealed class PromptsGetHandler : ISessionRequestHandler
{
    private static readonly ExposedNameRoute<Prompt> Prompts =
        new("prompt", static (view, name) => view.FindPrompt(name), static (target, name) => target.Prompt = name);

    public string Method => RequestMethods.PromptsGet;

    public Task<JsonRpcMessage> HandleAsync(SessionCall call, ISessionContext session) =>
        Prompts.HandleAsync(call, session, async route => Answer(call.Request, await route.ForwardAsync(call, session)));
}
