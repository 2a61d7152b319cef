using System.CommandLine;
using Gateway.Cli.Admin;
using Gateway.Cli.Hosting;
using Gateway.Cli.Rendering;

namespace Gateway.Cli.Commands;

/// <summary><c>gateway sessions list [--principal P]</c>: the open MCP sessions, through the admin API.</summary>
public sealed class SessionsCommand : Command
{
    public SessionsCommand(CliContext context)
        : base("sessions", "The open MCP sessions")
    {
        var principal = new Option<string?>("--principal") { Description = "Only this principal's sessions (key:NAME, jwt:SUBJECT)" };
        var list = new Command("list", "Show the open sessions the caller may see: by short hash, with principal, tenant, server and lease") { principal };
        list.SetAction((parseResult, cancellationToken) => context.RunAsync(parseResult, async endpoint =>
        {
            using var http = context.CreateHttpClient(endpoint, CliContext.AdminRequestTimeout);
            var result = await new AdminApiClient(http, endpoint).ListSessionsAsync(parseResult.GetValue(principal), cancellationToken);
            if (endpoint.Json)
            {
                JsonOutput.WriteRaw(context.Out, result.RawJson);
            }
            else if (result.Value.Sessions.Count == 0)
            {
                context.Out.WriteLine("no open sessions");
            }
            else
            {
                context.CreateConsole().Write(SessionTable.Create(result.Value.Sessions));
            }

            return ExitCodes.Success;
        }, cancellationToken));
        Subcommands.Add(list);
    }
}
