using Gateway.Catalog;
using Gateway.Protocol;
using ModelContextProtocol.Protocol;
using static Gateway.Sessions.Handlers.JsonRpcParams;

namespace Gateway.Sessions.Handlers;

/// <summary>
/// How tools/call and prompts/get reach their upstream: params.name is the name this session
/// exposes, which routes to the upstream serving it and the name it has there; the request goes
/// on with params.name set to that name. What a handler does around the forwarding is its own.
/// </summary>
/// <param name="noun">What the name names, for the client's errors ("tool", "prompt").</param>
/// <param name="find">Looks the exposed name up in the session's view.</param>
/// <param name="note">Notes the name as sent on the request's audit target, before it is known to route.</param>
public sealed class ExposedNameRoute<TItem>(
    string noun, Func<CatalogView, string, CatalogEntry<TItem>?> find, Action<CallTarget, string> note)
{
    /// <summary>
    /// Routes the request's params.name and hands the route to <paramref name="forward"/>; answers
    /// Invalid params itself when the name is missing or nothing serves it.
    /// </summary>
    public async Task<JsonRpcMessage> HandleAsync(SessionCall call, ISessionContext session, Func<RoutedName, Task<JsonRpcMessage>> forward)
    {
        var request = call.Request;
        if (RequiredString(request, "name") is not { } name)
        {
            return JsonRpc.Error(request.Id, GatewayErrorCodes.InvalidParams, $"{request.Method} needs params.name (a string)");
        }

        if (call.Target is { } target)
        {
            note(target, name);
        }

        if (await session.RouteAsync(name, view => find(view, name)) is not var (upstream, originalName))
        {
            return JsonRpc.Error(request.Id, GatewayErrorCodes.InvalidParams, $"Unknown {noun}: '{name}'");
        }

        return await forward(new RoutedName(name, upstream, originalName));
    }
}
