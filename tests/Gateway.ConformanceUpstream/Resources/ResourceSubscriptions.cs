using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace Gateway.ConformanceUpstream.Resources;

/// <summary>
/// resources/subscribe and resources/unsubscribe (scenarios resources-subscribe, -unsubscribe).
/// Declaring these handlers makes the SDK advertise <c>resources.subscribe</c>. Nothing here ever
/// changes, so no notifications/resources/updated is ever due and no subscription needs keeping:
/// the handlers check the URI names a resource and answer the empty result.
/// </summary>
public static class ResourceSubscriptions
{
    public static ValueTask<EmptyResult> SubscribeAsync(RequestContext<SubscribeRequestParams> context, CancellationToken cancellationToken) =>
        Known(context.Params?.Uri, "subscribe to");

    public static ValueTask<EmptyResult> UnsubscribeAsync(RequestContext<UnsubscribeRequestParams> context, CancellationToken cancellationToken) =>
        Known(context.Params?.Uri, "unsubscribe from");

    private static ValueTask<EmptyResult> Known(string? uri, string action)
    {
        if (string.IsNullOrEmpty(uri))
        {
            throw new McpProtocolException($"Cannot {action} a resource without params.uri", McpErrorCode.InvalidParams);
        }

        // MCP 2025-11-25 "Resources > Error Handling": an unknown resource is -32002.
        return ConformanceResources.DirectUris.Contains(uri)
            ? ValueTask.FromResult(new EmptyResult())
            : throw new McpProtocolException($"Cannot {action} {uri}: no such resource (known: {string.Join(", ", ConformanceResources.DirectUris)})", McpErrorCode.ResourceNotFound);
    }
}
