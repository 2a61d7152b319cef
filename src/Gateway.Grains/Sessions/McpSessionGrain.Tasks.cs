using System.Text.Json.Nodes;
using Gateway.Protocol;
using Gateway.Tasks;
using ModelContextProtocol.Protocol;

namespace Gateway.Sessions;

/// <summary>
/// The MCP tasks (2025-11-25) this session created: indexed in its state, each a grain of its own
/// (<see cref="ITaskGrain"/>), forgotten with the session.
/// </summary>
public sealed partial class McpSessionGrain
{
    /// <summary>
    /// The tasks capability the gateway declares (MCP 2025-11-25, tasks "Server Capabilities"):
    /// the SDK's ServerCapabilities has no such property, so it is added to the raw answer.
    /// </summary>
    private static JsonObject TasksCapability() => new()
    {
        ["list"] = new JsonObject(),
        ["cancel"] = new JsonObject(),
        ["requests"] = new JsonObject { ["tools"] = new JsonObject { ["call"] = new JsonObject() } },
    };

    /// <summary>Adds the tasks capability to an initialize answer of a revision that has tasks.</summary>
    private JsonRpcMessage WithTasks(JsonRpcResponse answer)
    {
        if (ProtocolVersions.HasTasks(Session.ProtocolVersion) && answer.Result?["capabilities"] is JsonObject capabilities)
        {
            capabilities["tasks"] = TasksCapability();
        }

        return answer;
    }

    async Task Handlers.ISessionContext.SetTaskAsync(string taskId, SessionTask? task)
    {
        var tasks = task is null ? Session.Tasks.Remove(taskId) : Session.Tasks.SetItem(taskId, task);
        if (tasks != Session.Tasks)
        {
            state.State = Session with { Tasks = tasks };
            await SaveAsync();
        }
    }

    public async Task PushTaskStatusAsync(string upstream, JsonRpcNotification notification)
    {
        if (IsGone() || notification.Params is not JsonObject parameters
            || Handlers.JsonRpcParams.RequiredString(parameters, "taskId") is not { } upstreamTaskId)
        {
            return;
        }

        var match = Session.Tasks.FirstOrDefault(t => t.Value.Upstream == upstream && t.Value.UpstreamTaskId == upstreamTaskId);
        if (match.Key is not { } taskId)
        {
            return;
        }

        var mapped = (JsonObject)parameters.DeepClone();
        mapped["taskId"] = taskId;
        await GrainFactory.GetGrain<ITaskGrain>(taskId).NoteAsync(mapped.ToJsonString());
        await PushAsync(JsonRpc.Notification(TaskMethods.StatusNotification, mapped));
    }

    /// <summary>The session ended: its tasks can no longer be reached, so their grains let go of them now.</summary>
    private async Task ForgetTasksAsync()
    {
        foreach (var taskId in Session.Tasks.Keys)
        {
            try
            {
                await GrainFactory.GetGrain<ITaskGrain>(taskId).ForgetAsync();
            }
            catch (Exception)
            {
                // Best effort: a task not forgotten now expires, and the storage sweep deletes its row.
            }
        }
    }
}
