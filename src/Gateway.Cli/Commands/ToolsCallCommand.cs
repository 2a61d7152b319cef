using System.CommandLine;
using System.Text.Json;
using Gateway.Cli.Hosting;
using Gateway.Cli.Mcp;
using Gateway.Cli.Rendering;
using ModelContextProtocol;

namespace Gateway.Cli.Commands;

/// <summary><c>gateway tools call NAME --args JSON [--server NAME]</c>.</summary>
public sealed class ToolsCallCommand : Command
{
    public ToolsCallCommand(CliContext context)
        : base("call", "Call a tool and print its result")
    {
        var name = new Argument<string>("name") { Description = "Tool name, as 'tools list' shows it" };
        var arguments = new Option<Dictionary<string, object?>>("--args")
        {
            Description = "Tool arguments as a JSON object, e.g. '{\"message\":\"hi\"}'",
            HelpName = "JSON",
            CustomParser = ToolArgumentsParser.Parse,
            DefaultValueFactory = _ => [],
        };
        var server = ToolsCommand.CreateServerOption();
        Arguments.Add(name);
        Options.Add(arguments);
        Options.Add(server);

        SetAction((parseResult, cancellationToken) => context.RunAsync(parseResult, async endpoint =>
        {
            using var http = context.CreateHttpClient(endpoint, Timeout.InfiniteTimeSpan);
            await using var client = await GatewayMcpClientFactory.ConnectAsync(http, endpoint.Mcp(parseResult.GetValue(server)), cancellationToken);

            var result = await client.CallToolAsync(
                parseResult.GetRequiredValue(name),
                parseResult.GetRequiredValue(arguments),
                cancellationToken: cancellationToken);

            var failed = result.IsError == true;
            if (endpoint.Json)
            {
                JsonOutput.Write(context.Out, JsonSerializer.SerializeToNode(result, McpJsonUtilities.DefaultOptions));
            }
            else
            {
                // A tool error is the tool's answer, not a transport failure: its text goes to stderr as is.
                ToolResultPrinter.Print(result, failed ? context.Error : context.Out);
            }

            return failed ? ExitCodes.Failure : ExitCodes.Success;
        }, cancellationToken));
    }
}
