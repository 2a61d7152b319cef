using System.Text.Json;
using Gateway.Catalog;
using Gateway.Protocol;
using Microsoft.Extensions.Options;
using ModelContextProtocol.Protocol;

namespace Gateway.Sessions.Handlers;

/// <summary>tools/list, prompts/list, resources/list and resources/templates/list: a page of the session's view.</summary>
/// <param name="restricted">Whether the list shows only what the caller's roles may use (tools, under tool policies).</param>
public sealed class ListHandler<T>(
    string method, string property, Func<CatalogView, IReadOnlyList<CatalogEntry<T>>> select, IOptions<CatalogOptions> options, bool restricted = false)
    : ISessionRequestHandler
{
    public string Method => method;

    public async Task<JsonRpcMessage> HandleAsync(SessionCall call, ISessionContext session)
    {
        var request = call.Request;
        if (!Pagination.TryReadCursor(request, out var after))
        {
            return JsonRpc.Error(request.Id, GatewayErrorCodes.InvalidParams, "Invalid cursor");
        }

        var view = restricted ? await session.ViewAsync(call) : await session.ViewAsync();
        var result = view.Page(property, select(view), after, Math.Max(1, options.Value.PageSize));
        return JsonRpc.RawResult(request.Id, result);
    }
}

/// <summary>The four list handlers.</summary>
public static class ListHandlers
{
    public static IEnumerable<ISessionRequestHandler> Create(IOptions<CatalogOptions> options) =>
    [
        new ListHandler<Tool>(RequestMethods.ToolsList, "tools", v => v.Tools, options, restricted: true),
        new ListHandler<Prompt>(RequestMethods.PromptsList, "prompts", v => v.Prompts, options),
        new ListHandler<Resource>(RequestMethods.ResourcesList, "resources", v => v.Resources, options),
        new ListHandler<ResourceTemplate>(RequestMethods.ResourcesTemplatesList, "resourceTemplates", v => v.ResourceTemplates, options),
    ];
}
