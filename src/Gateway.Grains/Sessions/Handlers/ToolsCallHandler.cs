using System.Diagnostics;
using System.Text.Json;
using Gateway.Catalog;
using Gateway.Protocol;
using Gateway.Tools;
using Microsoft.Extensions.Options;
using ModelContextProtocol.Protocol;
using static Gateway.Sessions.Handlers.JsonRpcParams;

namespace Gateway.Sessions.Handlers;

/// <summary>tools/call: routed by the exposed name to its upstream, checked against the tool policies, timed and counted per tool.</summary>
public sealed class ToolsCallHandler(ToolStatsRecorder stats, ToolPolicy policy, Tasks.TaskAugmentedCall tasks, IOptions<CatalogOptions> options) : ISessionRequestHandler
{
    private static readonly ExposedNameRoute<Tool> Tools =
        new("tool", static (view, name) => view.FindTool(name), static (target, name) => target.Tool = name);

    public string Method => RequestMethods.ToolsCall;

    public Task<JsonRpcMessage> HandleAsync(SessionCall call, ISessionContext session) =>
        Tools.HandleAsync(call, session, route => CallAsync(call, session, route));

    private async Task<JsonRpcMessage> CallAsync(SessionCall call, ISessionContext session, RoutedName route)
    {
        var request = call.Request;
        var qualified = CatalogMerger.Qualify(route.Upstream, route.OriginalName, options.Value.Separator);
        call.Target?.Tool = qualified;
        call.Target?.Upstream = route.Upstream;
        if (policy.Refusal(qualified, session.State.Server, call.Roles) is { } allowed)
        {
            return JsonRpc.Error(request.Id, GatewayErrorCodes.Forbidden, allowed.Count == 0
                ? $"Tool '{route.Name}' is not open to any role but admin (no rule of Gateway:Authorization:Tools matches it)"
                : $"Tool '{route.Name}' needs the role {string.Join(" or ", allowed)}");
        }

        var started = Stopwatch.GetTimestamp();
        if (request.Params?["task"] is not null)
        {
            var (answer, created) = await tasks.CallAsync(call, session, route);
            if (created is not null)
            {
                Record(qualified, started, created);
            }

            return answer;
        }

        var reply = await route.ForwardAsync(call, session);
        Record(qualified, started, reply);
        return Answer(request, reply);
    }

    private void Record(string qualified, long started, Upstreams.UpstreamReply reply)
    {
        var outcome = reply.Error is not null ? ToolCallOutcome.Failure
            : reply.Result?["isError"]?.GetValueKind() == JsonValueKind.True ? ToolCallOutcome.ToolError
            : ToolCallOutcome.Success;
        stats.Record(qualified,
            new ToolCallSample(Stopwatch.GetElapsedTime(started).TotalMilliseconds, outcome));
    }
}
