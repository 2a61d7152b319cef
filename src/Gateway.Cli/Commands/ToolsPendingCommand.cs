using System.CommandLine;
using Gateway.Cli.Admin;
using Gateway.Cli.Hosting;
using Gateway.Cli.Rendering;

namespace Gateway.Cli.Commands;

/// <summary><c>gateway tools pending</c>: the tool definitions tool pinning holds out of the catalog (GET /admin/pins).</summary>
public sealed class ToolsPendingCommand : Command
{
    public ToolsPendingCommand(CliContext context)
        : base("pending", "List the tool definitions held out of the catalog until an admin approves them")
    {
        SetAction((parseResult, cancellationToken) => context.RunAsync(parseResult, async endpoint =>
        {
            using var http = context.CreateHttpClient(endpoint, CliContext.AdminRequestTimeout);
            var result = await new AdminApiClient(http, endpoint).ListPinsAsync(cancellationToken);
            if (endpoint.Json)
            {
                JsonOutput.WriteRaw(context.Out, result.RawJson);
            }
            else if (result.Value.Pending.Count == 0)
            {
                context.Out.WriteLine(result.Value.Pinning == "off" ? "no tools pending approval (pinning is off)" : "no tools pending approval");
            }
            else
            {
                context.CreateConsole().Write(HeldToolTable.Create(result.Value.Pending));
            }

            return ExitCodes.Success;
        }, cancellationToken));
    }
}
