using System.Text.Json.Nodes;
using Gateway.Protocol;
using ModelContextProtocol.Protocol;

namespace Gateway.Sessions.Handlers;

public sealed class SetLevelHandler : ISessionRequestHandler
{
    public string Method => RequestMethods.LoggingSetLevel;

    public async Task<JsonRpcMessage> HandleAsync(SessionCall call, ISessionContext session)
    {
        var parameters = JsonRpcParams.TryParse<SetLevelRequestParams>(call.Request.Params);
        if (parameters is null || !Enum.IsDefined(parameters.Level))
        {
            return JsonRpc.Error(call.Request.Id, GatewayErrorCodes.InvalidParams,
                "logging/setLevel needs params.level (debug, info, notice, warning, error, critical, alert or emergency)");
        }

        await session.SetLogLevelAsync(parameters.Level);
        return JsonRpc.RawResult(call.Request.Id, new JsonObject());
    }
}
