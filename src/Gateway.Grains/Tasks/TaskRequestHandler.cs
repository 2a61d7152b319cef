using System.Text.Json.Nodes;
using Gateway.Protocol;
using Gateway.Sessions;
using Gateway.Sessions.Handlers;
using ModelContextProtocol.Protocol;

namespace Gateway.Tasks;

/// <summary>
/// tasks/get, tasks/result and tasks/cancel: the task is looked up by the gateway's id in the
/// session's tasks and its grain, and the request goes to the upstream that runs it (through this
/// session's own upstream session, which created it) under the upstream's id; the answer comes
/// back under the gateway's. Tasks are the session's: another session's, principal's or tenant's
/// task id is answered exactly as an unknown one (-32602).
/// </summary>
public sealed class TaskRequestHandler(string method, IGrainFactory grains, TimeProvider time) : ISessionRequestHandler
{
    public string Method => method;

    public async Task<JsonRpcMessage> HandleAsync(SessionCall call, ISessionContext session)
    {
        var request = call.Request;
        if (JsonRpcParams.RequiredString(request, "taskId") is not { } taskId)
        {
            return JsonRpc.Error(request.Id, GatewayErrorCodes.InvalidParams, $"{method} needs params.taskId (a string)");
        }

        var grain = grains.GetGrain<ITaskGrain>(taskId);
        var owner = new TaskOwner(session.State.Principal, session.State.Tenant, session.SessionId);
        if (!session.State.Tasks.ContainsKey(taskId) || await grain.FindAsync(owner) is not { } task)
        {
            if (session.State.Tasks.ContainsKey(taskId))
            {
                await session.SetTaskAsync(taskId, null);
            }

            return JsonRpc.Error(request.Id, GatewayErrorCodes.InvalidParams, $"Unknown task: '{taskId}'");
        }

        call.Target?.Upstream = task.Upstream;
        var parameters = (JsonObject)request.Params!.DeepClone();
        parameters["taskId"] = task.UpstreamTaskId;

        // tasks/result blocks until the task ends (tasks "Result Retrieval"): it may wait as long as
        // the task lives, not only the upstream's CallTimeoutSeconds; the client can still cancel it.
        TimeSpan? timeout = method == TaskMethods.Result ? Max(task.ExpiresAt - time.GetUtcNow(), TimeSpan.FromSeconds(1)) : null;
        var reply = await session.ForwardAsync(request, task.Upstream, parameters, call, timeout);
        if (reply.Error is not null || reply.Result is not JsonObject result)
        {
            return JsonRpcParams.Answer(request, reply);
        }

        if (method == TaskMethods.Result)
        {
            // A _meta the upstream sent is kept (and not set again: a node cannot be given to its own parent twice).
            if (result["_meta"] is not JsonObject meta)
            {
                meta = [];
                result["_meta"] = meta;
            }

            meta[TaskMethods.RelatedTaskMeta] = new JsonObject { ["taskId"] = taskId };
        }
        else
        {
            result["taskId"] = taskId;
            await grain.NoteAsync(result.ToJsonString());
        }

        return JsonRpc.RawResult(request.Id, result);
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
