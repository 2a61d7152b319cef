using System.Text.Json.Nodes;
using Gateway.Protocol;
using ModelContextProtocol.Protocol;

namespace Gateway.Sessions.Handlers;

public sealed class PingHandler : ISessionRequestHandler
{
    public string Method => RequestMethods.Ping;

    public Task<JsonRpcMessage> HandleAsync(SessionCall call, ISessionContext session) =>
        Task.FromResult<JsonRpcMessage>(JsonRpc.RawResult(call.Request.Id, new JsonObject()));
}
