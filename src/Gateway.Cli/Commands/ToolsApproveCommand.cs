using System.CommandLine;
using Gateway.Cli.Admin;
using Gateway.Cli.Hosting;
using Gateway.Cli.Rendering;

namespace Gateway.Cli.Commands;

/// <summary><c>gateway tools approve NAME | UPSTREAM TOOL</c>: pins a held definition, so the tool is served with it.</summary>
public sealed class ToolsApproveCommand : Command
{
    public ToolsApproveCommand(CliContext context)
        : base("approve", "Approve a held tool definition: it is pinned and the tool is served with it again")
    {
        var target = new HeldToolTarget();
        target.AddTo(this);

        SetAction((parseResult, cancellationToken) => context.RunAsync(parseResult, async endpoint =>
        {
            using var http = context.CreateHttpClient(endpoint, CliContext.AdminRequestTimeout);
            var admin = new AdminApiClient(http, endpoint);
            var (upstream, tool) = await target.ResolveAsync(parseResult, admin, cancellationToken);
            var pin = await admin.ApproveAsync(upstream, tool, cancellationToken);
            if (endpoint.Json)
            {
                JsonOutput.WriteRaw(context.Out, pin.RawJson);
            }
            else
            {
                context.Out.WriteLine($"approved {pin.Value.Name} ({HeldToolTable.ShortHash(pin.Value.Hash)}): it is served again");
            }

            return ExitCodes.Success;
        }, cancellationToken));
    }
}
