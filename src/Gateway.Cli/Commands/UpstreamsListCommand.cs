using System.CommandLine;
using Gateway.Cli.Admin;
using Gateway.Cli.Hosting;
using Gateway.Cli.Rendering;

namespace Gateway.Cli.Commands;

/// <summary><c>gateway upstreams list</c>.</summary>
public sealed class UpstreamsListCommand : Command
{
    public UpstreamsListCommand(CliContext context)
        : base("list", "Show every upstream with its state and tool count")
    {
        SetAction((parseResult, cancellationToken) => context.RunAsync(parseResult, async endpoint =>
        {
            using var http = context.CreateHttpClient(endpoint, CliContext.AdminRequestTimeout);
            var result = await new AdminApiClient(http, endpoint).ListUpstreamsAsync(cancellationToken);
            if (endpoint.Json)
            {
                JsonOutput.WriteRaw(context.Out, result.RawJson);
            }
            else if (result.Value.Count == 0)
            {
                context.Out.WriteLine("no upstreams");
            }
            else
            {
                context.CreateConsole().Write(UpstreamTable.Create(result.Value));
            }

            return ExitCodes.Success;
        }, cancellationToken));
    }
}
