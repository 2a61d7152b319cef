using System.CommandLine;
using Gateway.Cli.Admin;
using Gateway.Cli.Hosting;

namespace Gateway.Cli.Commands;

/// <summary><c>gateway upstreams remove NAME</c>. Upstreams from the configuration file cannot be removed (409).</summary>
public sealed class UpstreamsRemoveCommand : Command
{
    public UpstreamsRemoveCommand(CliContext context)
        : base("remove", "Remove an upstream that was added through the admin API")
    {
        var name = new Argument<string>("name") { Description = "Upstream name" };
        Arguments.Add(name);

        SetAction((parseResult, cancellationToken) => context.RunAsync(parseResult, async endpoint =>
        {
            var upstream = parseResult.GetRequiredValue(name);
            using var http = context.CreateHttpClient(endpoint, CliContext.AdminRequestTimeout);
            await new AdminApiClient(http, endpoint).RemoveUpstreamAsync(upstream, cancellationToken);
            if (!endpoint.Json)
            {
                context.Out.WriteLine($"removed upstream {upstream}");
            }

            return ExitCodes.Success;
        }, cancellationToken));
    }
}
