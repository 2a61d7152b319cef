using System.CommandLine;
using Gateway.Cli.Admin;
using Gateway.Cli.Hosting;
using Gateway.Cli.Rendering;

namespace Gateway.Cli.Commands;

/// <summary><c>gateway tools reject NAME | UPSTREAM TOOL</c>: marks a held definition as refused; the tool stays held.</summary>
public sealed class ToolsRejectCommand : Command
{
    public ToolsRejectCommand(CliContext context)
        : base("reject", "Reject a held tool definition: the tool stays out of the catalog")
    {
        var target = new HeldToolTarget();
        target.AddTo(this);

        SetAction((parseResult, cancellationToken) => context.RunAsync(parseResult, async endpoint =>
        {
            using var http = context.CreateHttpClient(endpoint, CliContext.AdminRequestTimeout);
            var admin = new AdminApiClient(http, endpoint);
            var (upstream, tool) = await target.ResolveAsync(parseResult, admin, cancellationToken);
            var body = await admin.RejectAsync(upstream, tool, cancellationToken);
            if (endpoint.Json)
            {
                JsonOutput.WriteRaw(context.Out, body);
            }
            else
            {
                context.Out.WriteLine($"rejected tool {tool} of upstream {upstream}: it stays held");
            }

            return ExitCodes.Success;
        }, cancellationToken));
    }
}
