using System.CommandLine;
using Gateway.Cli.Admin;
using Gateway.Cli.Hosting;
using Gateway.Cli.Rendering;

namespace Gateway.Cli.Commands;

/// <summary>
/// <c>gateway tools approve|reject NAME | UPSTREAM TOOL</c>: an admin's verdict on a held tool definition.
/// Both verbs name the held tool the same way and post to its pin; they differ only in what the
/// gateway does with it and what is said back, which <see cref="Approve"/> and <see cref="Reject"/> supply.
/// </summary>
public sealed class ToolsVerdictCommand : Command
{
    private ToolsVerdictCommand(CliContext context, string verb, string description, Deliver deliver)
        : base(verb, description)
    {
        var target = new HeldToolTarget();
        target.AddTo(this);

        SetAction((parseResult, cancellationToken) => context.RunAsync(parseResult, async endpoint =>
        {
            using var http = context.CreateHttpClient(endpoint, CliContext.AdminRequestTimeout);
            var admin = new AdminApiClient(http, endpoint);
            var (upstream, tool) = await target.ResolveAsync(parseResult, admin, cancellationToken);
            var answer = await deliver(admin, upstream, tool, cancellationToken);
            if (endpoint.Json)
            {
                JsonOutput.WriteRaw(context.Out, answer.RawJson);
            }
            else
            {
                context.Out.WriteLine(answer.Summary);
            }

            return ExitCodes.Success;
        }, cancellationToken));
    }

    /// <summary>Posts the verdict on the held definition; answers with the gateway's body and the line to print without <c>--json</c>.</summary>
    private delegate Task<Answer> Deliver(AdminApiClient admin, string upstream, string tool, CancellationToken cancellationToken);

    /// <summary><c>tools approve</c>: pins the held definition, so the tool is served with it.</summary>
    public static ToolsVerdictCommand Approve(CliContext context) => new(
        context,
        "approve",
        "Approve a held tool definition: it is pinned and the tool is served with it again",
        async (admin, upstream, tool, cancellationToken) =>
        {
            var pin = await admin.ApproveAsync(upstream, tool, cancellationToken);
            return new Answer(pin.RawJson, $"approved {pin.Value.Name} ({HeldToolTable.ShortHash(pin.Value.Hash)}): it is served again");
        });

    /// <summary><c>tools reject</c>: marks the held definition as refused; the tool stays held.</summary>
    public static ToolsVerdictCommand Reject(CliContext context) => new(
        context,
        "reject",
        "Reject a held tool definition: the tool stays out of the catalog",
        async (admin, upstream, tool, cancellationToken) =>
            new Answer(await admin.RejectAsync(upstream, tool, cancellationToken), $"rejected tool {tool} of upstream {upstream}: it stays held"));

    private sealed record Answer(string RawJson, string Summary);
}
