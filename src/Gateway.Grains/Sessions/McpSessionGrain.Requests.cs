using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Gateway.Catalog;
using Gateway.Protocol;
using Gateway.Streams;
using Gateway.Tools;
using Gateway.Upstreams;
using ModelContextProtocol.Protocol;

namespace Gateway.Sessions;

/// <summary>Routing of each MCP request method to the catalog or to the upstream that serves it.</summary>
public sealed partial class McpSessionGrain
{
    private async Task<JsonRpcMessage> HandleRequestAsync(JsonRpcRequest request, StreamAddress? replyStream, CancellationToken cancellationToken)
    {
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var tracked = _inFlight.TryAdd(request.Id, new InFlight(cancellation, replyStream));
        try
        {
            return request.Method switch
            {
                RequestMethods.Ping => JsonRpc.RawResult(request.Id, new JsonObject()),
                RequestMethods.Initialize => JsonRpc.Error(request.Id, GatewayErrorCodes.InvalidRequest, "The session is already initialized"),
                RequestMethods.ToolsList => await ListAsync(request, v => v.Tools, e => e.Item, "tools"),
                RequestMethods.PromptsList => await ListAsync(request, v => v.Prompts, e => e.Item, "prompts"),
                RequestMethods.ResourcesList => await ListAsync(request, v => v.Resources, e => e.Item, "resources"),
                RequestMethods.ResourcesTemplatesList => await ListAsync(request, v => v.ResourceTemplates, e => e.Item, "resourceTemplates"),
                RequestMethods.ToolsCall => await CallToolAsync(request, replyStream, cancellation.Token),
                RequestMethods.PromptsGet => await GetPromptAsync(request, replyStream, cancellation.Token),
                RequestMethods.ResourcesRead => await ReadResourceAsync(request, replyStream, cancellation.Token),
                RequestMethods.CompletionComplete => await CompleteAsync(request, replyStream, cancellation.Token),
                RequestMethods.LoggingSetLevel => await SetLevelAsync(request),
                _ => JsonRpc.Error(request.Id, GatewayErrorCodes.MethodNotFound, $"Method not found: '{request.Method}'"),
            };
        }
        finally
        {
            if (tracked)
            {
                _inFlight.Remove(request.Id);
            }
        }
    }

    /// <summary>
    /// Whether a request that was lost with the node running it may simply run again. Every method
    /// but tools/call reads, or sets a value to the same effect twice; a tool must say so itself,
    /// with the readOnlyHint or idempotentHint annotation. A tool the catalog does not know is not
    /// repeated: nothing vouches for it.
    /// </summary>
    private async Task<bool> IsSafeToRepeatAsync(JsonRpcRequest request)
    {
        if (request.Method != RequestMethods.ToolsCall || RequiredString(request, "name") is not { } name)
        {
            return true;
        }

        return (await ViewAsync()).FindTool(name)?.Item.Annotations is { } hints
            && (hints.ReadOnlyHint == true || hints.IdempotentHint == true);
    }

    private async Task<JsonRpcMessage> ListAsync<T>(
        JsonRpcRequest request, Func<CatalogView, IReadOnlyList<CatalogEntry<T>>> select, Func<CatalogEntry<T>, T> item, string property)
    {
        string? after = null;
        if (request.Params?["cursor"] is { } cursorNode)
        {
            if (cursorNode.GetValueKind() != JsonValueKind.String || !Pagination.TryDecode(cursorNode.GetValue<string>(), out var last))
            {
                return JsonRpc.Error(request.Id, GatewayErrorCodes.InvalidParams, "Invalid cursor");
            }

            after = last;
        }

        var (page, next) = Pagination.Page(select(await ViewAsync()), after, PageSize);
        var result = new JsonObject { [property] = JsonSerializer.SerializeToNode(page.Select(item).ToArray(), JsonRpc.Options) };
        if (next is not null)
        {
            result["nextCursor"] = next;
        }

        return JsonRpc.RawResult(request.Id, result);
    }

    private async Task<JsonRpcMessage> CallToolAsync(JsonRpcRequest request, StreamAddress? replyStream, CancellationToken cancellationToken)
    {
        if (RequiredString(request, "name") is not { } name)
        {
            return JsonRpc.Error(request.Id, GatewayErrorCodes.InvalidParams, "tools/call needs params.name (a string)");
        }

        if (await RouteAsync(name, v => v.FindTool(name)) is not var (upstream, originalName))
        {
            return JsonRpc.Error(request.Id, GatewayErrorCodes.InvalidParams, $"Unknown tool: '{name}'");
        }

        var started = Stopwatch.GetTimestamp();
        var reply = await ForwardAsync(request, upstream, Renamed(request, "name", originalName), replyStream, cancellationToken);
        var outcome = reply.Error is not null ? ToolCallOutcome.Failure
            : reply.Result?["isError"]?.GetValueKind() == JsonValueKind.True ? ToolCallOutcome.ToolError
            : ToolCallOutcome.Success;
        var statsKey = CatalogMerger.Qualify(upstream, originalName, catalogOptions.Value.Separator);
        toolStats.Record(statsKey, new ToolCallSample(Stopwatch.GetElapsedTime(started).TotalMilliseconds, outcome));
        return Answer(request, reply);
    }

    private async Task<JsonRpcMessage> GetPromptAsync(JsonRpcRequest request, StreamAddress? replyStream, CancellationToken cancellationToken)
    {
        if (RequiredString(request, "name") is not { } name)
        {
            return JsonRpc.Error(request.Id, GatewayErrorCodes.InvalidParams, "prompts/get needs params.name (a string)");
        }

        if (await RouteAsync(name, v => v.FindPrompt(name)) is not var (upstream, originalName))
        {
            return JsonRpc.Error(request.Id, GatewayErrorCodes.InvalidParams, $"Unknown prompt: '{name}'");
        }

        return Answer(request, await ForwardAsync(request, upstream, Renamed(request, "name", originalName), replyStream, cancellationToken));
    }

    private async Task<JsonRpcMessage> ReadResourceAsync(JsonRpcRequest request, StreamAddress? replyStream, CancellationToken cancellationToken)
    {
        if (RequiredString(request, "uri") is not { } uri)
        {
            return JsonRpc.Error(request.Id, GatewayErrorCodes.InvalidParams, "resources/read needs params.uri (a string)");
        }

        var owner = (await ViewAsync()).FindResourceOwner(uri) ?? Session.Server;
        if (owner is null)
        {
            return JsonRpc.Error(request.Id, GatewayErrorCodes.ResourceNotFound, $"Resource not found: '{uri}'",
                new JsonObject { ["uri"] = uri });
        }

        return Answer(request, await ForwardAsync(request, owner, request.Params, replyStream, cancellationToken));
    }

    private async Task<JsonRpcMessage> CompleteAsync(JsonRpcRequest request, StreamAddress? replyStream, CancellationToken cancellationToken)
    {
        var reference = request.Params?["ref"] as JsonObject;
        var type = reference?["type"]?.GetValueKind() == JsonValueKind.String ? reference["type"]!.GetValue<string>() : null;
        var view = await ViewAsync();
        switch (type)
        {
            case "ref/prompt" when reference!["name"]?.GetValueKind() == JsonValueKind.String:
                if (view.FindPrompt(reference["name"]!.GetValue<string>()) is not { } prompt)
                {
                    return JsonRpc.Error(request.Id, GatewayErrorCodes.InvalidParams, $"Unknown prompt: '{reference["name"]}'");
                }

                reference["name"] = prompt.OriginalName;
                return Answer(request, await ForwardAsync(request, prompt.Upstream, request.Params, replyStream, cancellationToken));
            case "ref/resource" when reference!["uri"]?.GetValueKind() == JsonValueKind.String:
                var uri = reference["uri"]!.GetValue<string>();
                if ((view.FindTemplateOwner(uri) ?? view.FindResourceOwner(uri)) is not { } owner)
                {
                    return JsonRpc.Error(request.Id, GatewayErrorCodes.InvalidParams, $"Unknown resource or template: '{uri}'");
                }

                return Answer(request, await ForwardAsync(request, owner, request.Params, replyStream, cancellationToken));
            default:
                return JsonRpc.Error(request.Id, GatewayErrorCodes.InvalidParams,
                    "completion/complete needs params.ref of type 'ref/prompt' (with name) or 'ref/resource' (with uri)");
        }
    }

    private async Task<JsonRpcMessage> SetLevelAsync(JsonRpcRequest request)
    {
        var parameters = request.Params is null ? null : TryParams<SetLevelRequestParams>(request.Params);
        if (parameters is null || !Enum.IsDefined(parameters.Level))
        {
            return JsonRpc.Error(request.Id, GatewayErrorCodes.InvalidParams,
                "logging/setLevel needs params.level (debug, info, notice, warning, error, critical, alert or emergency)");
        }

        state.State = Session with { LogLevel = parameters.Level };
        await SaveAsync();

        // Only the upstream sessions this session opened get the new level; new ones get it when they open.
        await upstreams.SetLevelAsync(SessionId, parameters.Level);

        return JsonRpc.RawResult(request.Id, new JsonObject());
    }

    /// <summary>
    /// Finds the upstream and original name behind an exposed tool or prompt name. A name that is
    /// not in the catalog still goes to the upstream it names when that upstream has no catalog
    /// yet (it is down or starting): on a pass-through server every name belongs to its upstream,
    /// on the merged one the "{upstream}{separator}" prefix says which. The upstream then answers
    /// either "unavailable" naming itself, or its own "unknown" error.
    /// </summary>
    private async Task<(string Upstream, string OriginalName)?> RouteAsync<T>(string name, Func<CatalogView, CatalogEntry<T>?> find)
    {
        if (find(await ViewAsync()) is { } entry)
        {
            return (entry.Upstream, entry.OriginalName);
        }

        var snapshot = await catalog.GetAsync();
        if (Session.Server is { } server)
        {
            return IsDark(snapshot, server) ? (server, name) : null;
        }

        var separator = catalogOptions.Value.Separator;
        var cut = name.IndexOf(separator, StringComparison.Ordinal);
        return cut > 0 && IsDark(snapshot, name[..cut]) ? (name[..cut], name[(cut + separator.Length)..]) : null;
    }

    private static bool IsDark(CatalogSnapshot snapshot, string upstream) =>
        snapshot.UpstreamsByName.TryGetValue(upstream, out var catalog) && !catalog.Available;

    /// <summary>The one forwarding pipeline between routing and the upstream: every method's call goes through here.</summary>
    private async Task<UpstreamReply> ForwardAsync(
        JsonRpcRequest request, string upstream, JsonNode? parameters, StreamAddress? replyStream, CancellationToken cancellationToken)
    {
        var snapshot = await catalog.GetAsync();
        var published = snapshot.UpstreamsByName.GetValueOrDefault(upstream);
        var reply = await upstreams.SendAsync(
            new UpstreamRequest(SessionId, upstream, request.Method, parameters, request.Id, replyStream, Session.LogLevel, SelfReference,
                Session.UpstreamSessions.GetValueOrDefault(upstream)),
            published,
            cancellationToken);
        if (reply.NewUpstreamSession is { } opened)
        {
            // One write per upstream session opened, none per call: the silo this session moves to carries it on.
            state.State = Session with { UpstreamSessions = Session.UpstreamSessions.SetItem(upstream, opened) };
            await SaveAsync();
        }

        return reply;
    }

    /// <summary>This grain as its upstream sessions address it; made once per activation, not per call.</summary>
    private IMcpSessionGrain SelfReference => _self ??= this.AsReference<IMcpSessionGrain>();

    private static JsonRpcMessage Answer(JsonRpcRequest request, UpstreamReply reply) =>
        reply.Error is { } error ? JsonRpc.Error(request.Id, error) : JsonRpc.RawResult(request.Id, reply.Result);

    private static string? RequiredString(JsonRpcRequest request, string property) =>
        request.Params?[property] is { } node && node.GetValueKind() == JsonValueKind.String ? node.GetValue<string>() : null;

    /// <summary>
    /// The request's params with a name swapped for the upstream's own. The message was parsed for
    /// this request alone, so it is changed in place rather than copied (arguments can be large).
    /// </summary>
    private static JsonNode Renamed(JsonRpcRequest request, string property, string value)
    {
        var parameters = request.Params!;
        parameters[property] = value;
        return parameters;
    }

    private static T? TryParams<T>(JsonNode parameters)
        where T : class
    {
        try
        {
            return JsonRpc.Params<T>(parameters);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
