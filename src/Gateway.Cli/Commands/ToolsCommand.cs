using System.CommandLine;
using Gateway.Cli.Hosting;

namespace Gateway.Cli.Commands;

/// <summary><c>gateway tools</c>: the federated tool catalog over MCP, and the tool definitions pinning holds for approval.</summary>
public sealed class ToolsCommand : Command
{
    public ToolsCommand(CliContext context)
        : base("tools", "List and call tools over MCP; review the tool definitions held for approval")
    {
        Subcommands.Add(new ToolsListCommand(context));
        Subcommands.Add(new ToolsCallCommand(context));
        Subcommands.Add(new ToolsPendingCommand(context));
        Subcommands.Add(ToolsVerdictCommand.Approve(context));
        Subcommands.Add(ToolsVerdictCommand.Reject(context));
    }

    /// <summary>The <c>--server</c> option shared by the tools subcommands.</summary>
    public static Option<string?> CreateServerOption() => new("--server")
    {
        Description = "Talk to one upstream through the gateway (its endpoint /servers/NAME/mcp) instead of the federated catalog",
    };
}
