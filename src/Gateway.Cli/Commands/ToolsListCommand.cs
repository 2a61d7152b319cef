using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Gateway.Cli.Hosting;
using Gateway.Cli.Mcp;
using Gateway.Cli.Rendering;
using ModelContextProtocol;

namespace Gateway.Cli.Commands;

/// <summary><c>gateway tools list [--server NAME]</c>.</summary>
public sealed class ToolsListCommand : Command
{
    public ToolsListCommand(CliContext context)
        : base("list", "List every tool (all pages) as a table")
    {
        var server = ToolsCommand.CreateServerOption();
        Options.Add(server);

        SetAction((parseResult, cancellationToken) => context.RunAsync(parseResult, async endpoint =>
        {
            using var http = context.CreateHttpClient(endpoint, Timeout.InfiniteTimeSpan);
            await using var client = await GatewayMcpClientFactory.ConnectAsync(http, endpoint.Mcp(parseResult.GetValue(server)), cancellationToken);

            // This overload follows nextCursor until the last page.
            var tools = await client.ListToolsAsync(cancellationToken: cancellationToken);
            if (endpoint.Json)
            {
                var array = new JsonArray([.. tools.Select(tool => JsonSerializer.SerializeToNode(tool.ProtocolTool, McpJsonUtilities.DefaultOptions))]);
                JsonOutput.Write(context.Out, array);
            }
            else if (tools.Count == 0)
            {
                context.Out.WriteLine("no tools");
            }
            else
            {
                context.CreateConsole().Write(ToolTable.Create(tools));
            }

            return ExitCodes.Success;
        }, cancellationToken));
    }
}
