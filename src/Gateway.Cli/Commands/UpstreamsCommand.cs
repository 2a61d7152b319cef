using System.CommandLine;
using Gateway.Cli.Hosting;

namespace Gateway.Cli.Commands;

/// <summary><c>gateway upstreams</c>: the upstream MCP servers, through the admin API.</summary>
public sealed class UpstreamsCommand : Command
{
    public UpstreamsCommand(CliContext context)
        : base("upstreams", "List, add and remove upstream MCP servers")
    {
        Subcommands.Add(new UpstreamsListCommand(context));
        Subcommands.Add(new UpstreamsAddCommand(context));
        Subcommands.Add(new UpstreamsRemoveCommand(context));
    }
}
