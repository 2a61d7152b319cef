using System.Text.Json;
using System.Text.Json.Nodes;
using Gateway.Catalog;
using Gateway.Protocol;
using Gateway.Sessions;
using Gateway.Sessions.Handlers;
using Microsoft.Extensions.Options;
using ModelContextProtocol.Protocol;

namespace Gateway.Tasks;

/// <summary>
/// tasks/list: this session's tasks (the only ones tasks/get answers for it), each as its grain
/// last knew it, ordered by task id and paged with the gateway's opaque cursor
/// (<see cref="Pagination"/>). The upstreams are not asked: their lists hold other sessions' tasks
/// under ids the client never saw, and a task's live status is one tasks/get away.
/// </summary>
public sealed class TasksListHandler(IGrainFactory grains, IOptions<CatalogOptions> options) : ISessionRequestHandler
{
    public string Method => TaskMethods.List;

    public async Task<JsonRpcMessage> HandleAsync(SessionCall call, ISessionContext session)
    {
        var request = call.Request;
        if (!Pagination.TryReadCursor(request, out var after))
        {
            return JsonRpc.Error(request.Id, GatewayErrorCodes.InvalidParams, "Invalid cursor");
        }

        var owner = new TaskOwner(session.State.Principal, session.State.Tenant, session.SessionId);
        var ids = session.State.Tasks.Keys.Where(id => after is null || string.CompareOrdinal(id, after) > 0).Order(StringComparer.Ordinal).ToList();
        var size = Math.Max(1, options.Value.PageSize);
        var tasks = new JsonArray();
        string? lastListed = null;
        var index = 0;
        for (; index < ids.Count && tasks.Count < size; index++)
        {
            if (await grains.GetGrain<ITaskGrain>(ids[index]).FindAsync(owner) is { } task)
            {
                tasks.Add(JsonNode.Parse(task.LastKnown));
                lastListed = ids[index];
            }
            else
            {
                await session.SetTaskAsync(ids[index], null);
            }
        }

        var result = new JsonObject { ["tasks"] = tasks };
        if (index < ids.Count && lastListed is not null)
        {
            result["nextCursor"] = Pagination.Encode(lastListed);
        }

        return JsonRpc.RawResult(request.Id, result);
    }
}
