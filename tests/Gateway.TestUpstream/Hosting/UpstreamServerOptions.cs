using System.Reflection;
using Gateway.TestUpstream.Content;
using Gateway.TestUpstream.Sessions;
using Gateway.TestUpstream.Tools;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace Gateway.TestUpstream.Hosting;

/// <summary>
/// Fills in the SDK's <see cref="McpServerOptions"/> for one MCP session. Both modes use this, so
/// stdio and HTTP upstreams serve identical content; only the session state differs.
/// </summary>
public sealed class UpstreamServerOptions(UpstreamSettings settings, ToolCatalog tools, TestResources resources)
{
    private static readonly string s_version =
        typeof(UpstreamServerOptions).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "1.0.0";

    public void Configure(McpServerOptions options, UpstreamSession session)
    {
        options.ServerInfo = new Implementation { Name = settings.Name, Version = s_version };
        options.Capabilities = new ServerCapabilities
        {
            Tools = new ToolsCapability { ListChanged = true },
            Resources = new ResourcesCapability { ListChanged = true, Subscribe = true },
            Prompts = new PromptsCapability { ListChanged = true },
            Logging = new LoggingCapability(),
            Completions = new CompletionsCapability(),
        };

        var handlers = options.Handlers;
        handlers.ListToolsHandler = (request, _) => ValueTask.FromResult(tools.ListPage(request.Params?.Cursor, settings.PageSize));
        handlers.CallToolHandler = async (request, cancellationToken) =>
        {
            var name = request.Params?.Name ?? "";
            if (!tools.TryGet(name, out var tool))
            {
                // MCP 2025-11-25 "Tools > Error Handling": an unknown tool is a protocol error.
                throw new McpProtocolException($"Unknown tool '{name}'.", McpErrorCode.InvalidParams);
            }

            // notifications/cancelled cancels the request token; the session ending cancels the call too.
            using var callLifetime = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, session.Ending);
            return await tool.Handler(new ToolCall(request, session), callLifetime.Token);
        };

        handlers.ListResourcesHandler = (_, _) => ValueTask.FromResult(resources.List());
        handlers.ListResourceTemplatesHandler = (_, _) => ValueTask.FromResult(resources.ListTemplates());
        handlers.ReadResourceHandler = (request, _) => ValueTask.FromResult(resources.Read(request.Params?.Uri ?? ""));

        // Each session's subscriptions are kept, so the touch_resource tool can tell exactly the subscribers.
        handlers.SubscribeToResourcesHandler = (request, _) =>
        {
            session.Subscribe(request.Params?.Uri ?? "");
            return ValueTask.FromResult(new EmptyResult());
        };
        handlers.UnsubscribeFromResourcesHandler = (request, _) =>
        {
            session.Unsubscribe(request.Params?.Uri ?? "");
            return ValueTask.FromResult(new EmptyResult());
        };

        handlers.ListPromptsHandler = (_, _) => ValueTask.FromResult(GreetPrompt.List());
        handlers.GetPromptHandler = (request, _) => ValueTask.FromResult(GreetPrompt.Get(request.Params));
        handlers.CompleteHandler = (request, _) => ValueTask.FromResult(GreetPrompt.Complete(request.Params));
    }
}
