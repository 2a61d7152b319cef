using System.Text.Json.Nodes;
using Gateway.Protocol;
using Gateway.Sessions;
using Gateway.Sessions.Handlers;
using Gateway.Upstreams;
using Microsoft.Extensions.Options;
using ModelContextProtocol.Protocol;

namespace Gateway.Tasks;

/// <summary>
/// A tools/call with params.task (MCP 2025-11-25 task augmentation): forwarded only to a tool that
/// takes tasks, and the upstream's CreateTaskResult handed back under a task id of the gateway's,
/// whose grain records where the task runs. The client never sees the upstream's id.
/// </summary>
public sealed class TaskAugmentedCall(IGrainFactory grains, TimeProvider time, IOptions<SessionOptions> options)
{
    public async Task<(JsonRpcMessage Answer, UpstreamReply? Reply)> CallAsync(SessionCall call, ISessionContext session, RoutedName route)
    {
        var request = call.Request;
        var view = await session.ViewAsync(call);
        if (view.FindTool(route.Name) is not { } tool || !view.TakesTasks(tool))
        {
            // MCP tasks "Tool-Level Negotiation": a tool without taskSupport optional or required gets -32601.
            return (JsonRpc.Error(request.Id, GatewayErrorCodes.MethodNotFound,
                $"Tool '{route.Name}' does not support task-augmented calls (its execution.taskSupport is not optional or required, or its upstream has no tasks.requests.tools.call)"), null);
        }

        var now = time.GetUtcNow();
        var live = session.State.Tasks.Where(t => t.Value.ExpiresAt > now).ToList();
        foreach (var expired in session.State.Tasks.Where(t => t.Value.ExpiresAt <= now).ToList())
        {
            await session.SetTaskAsync(expired.Key, null);
        }

        var max = options.Value.MaxTasks;
        if (live.Count >= max)
        {
            return (JsonRpc.Error(request.Id, GatewayErrorCodes.InvalidParams,
                $"This session holds {live.Count} tasks, the most Gateway:Sessions:MaxTasks allows: wait for one to expire, or use another session"), null);
        }

        var reply = await route.ForwardAsync(call, session);
        if (reply.Error is not null || reply.Result?["task"] is not JsonObject task
            || JsonRpcParams.RequiredString(task, "taskId") is not { } upstreamTaskId)
        {
            // An error, or an upstream that ran the call plainly (its answer is the tool's result): passed on as it is.
            return (JsonRpcParams.Answer(request, reply), reply);
        }

        var taskId = SessionIds.New();
        task["taskId"] = taskId;
        var expiresAt = now + Lifetime(task);
        var owner = new TaskOwner(session.State.Principal, session.State.Tenant, session.SessionId);
        await grains.GetGrain<ITaskGrain>(taskId).CreateAsync(new TaskRecord(owner, route.Upstream, upstreamTaskId, now, expiresAt, task.ToJsonString()));
        await session.SetTaskAsync(taskId, new SessionTask(route.Upstream, upstreamTaskId, expiresAt));
        return (JsonRpc.RawResult(request.Id, reply.Result), reply);
    }

    /// <summary>The task's ttl (milliseconds from creation; null: unlimited), capped by MaxTaskLifetime.</summary>
    private TimeSpan Lifetime(JsonObject task)
    {
        var cap = options.Value.MaxTaskLifetime;
        return task["ttl"] is JsonValue ttl && ttl.TryGetValue<double>(out var ms) && ms >= 0 && ms < cap.TotalMilliseconds
            ? TimeSpan.FromMilliseconds(ms)
            : cap;
    }
}
