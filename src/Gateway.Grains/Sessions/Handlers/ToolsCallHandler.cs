using System.Diagnostics;
using System.Text.Json;
using Gateway.Catalog;
using Gateway.Protocol;
using Gateway.Tools;
using Microsoft.Extensions.Options;
using ModelContextProtocol.Protocol;
using static Gateway.Sessions.Handlers.JsonRpcParams;

namespace Gateway.Sessions.Handlers;

/// <summary>tools/call: checked against the tool policies, routed by the exposed name to its upstream, timed and counted per tool.</summary>
public sealed class ToolsCallHandler(ToolStatsRecorder stats, ToolPolicy policy, IOptions<CatalogOptions> options) : ISessionRequestHandler
{
    public string Method => RequestMethods.ToolsCall;

    public async Task<JsonRpcMessage> HandleAsync(SessionCall call, ISessionContext session)
    {
        var request = call.Request;
        if (RequiredString(request, "name") is not { } name)
        {
            return JsonRpc.Error(request.Id, GatewayErrorCodes.InvalidParams, "tools/call needs params.name (a string)");
        }

        call.Target?.Tool = name;
        if (await session.RouteAsync(name, v => v.FindTool(name)) is not var (upstream, originalName))
        {
            return JsonRpc.Error(request.Id, GatewayErrorCodes.InvalidParams, $"Unknown tool: '{name}'");
        }

        var qualified = CatalogMerger.Qualify(upstream, originalName, options.Value.Separator);
        call.Target?.Tool = qualified;
        call.Target?.Upstream = upstream;
        if (policy.Refusal(qualified, session.State.Server, call.Roles) is { } allowed)
        {
            return JsonRpc.Error(request.Id, GatewayErrorCodes.Forbidden, allowed.Count == 0
                ? $"Tool '{name}' is not open to any role but admin (no rule of Gateway:Authorization:Tools matches it)"
                : $"Tool '{name}' needs the role {string.Join(" or ", allowed)}");
        }

        var started = Stopwatch.GetTimestamp();
        var reply = await session.ForwardAsync(request, upstream, Renamed(request, "name", originalName), call);
        var outcome = reply.Error is not null ? ToolCallOutcome.Failure
            : reply.Result?["isError"]?.GetValueKind() == JsonValueKind.True ? ToolCallOutcome.ToolError
            : ToolCallOutcome.Success;
        stats.Record(qualified,
            new ToolCallSample(Stopwatch.GetElapsedTime(started).TotalMilliseconds, outcome));
        return Answer(request, reply);
    }
}
