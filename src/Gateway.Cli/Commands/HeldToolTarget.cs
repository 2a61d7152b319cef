using System.CommandLine;
using System.Net;
using Gateway.Cli.Admin;

namespace Gateway.Cli.Commands;

/// <summary>
/// The held tool that <c>tools approve</c> and <c>tools reject</c> name: either UPSTREAM TOOL, or
/// one name as the merged catalog shows it (<c>upstream__tool</c>), looked up among the held
/// tools, since only the gateway knows its separator.
/// </summary>
public sealed class HeldToolTarget
{
    private readonly Argument<string> _name = new("name") { Description = "The tool's name in the catalog (as 'tools pending' shows it), or its upstream when TOOL follows" };

    private readonly Argument<string?> _tool = new("tool") { Description = "The tool's own name on that upstream", Arity = ArgumentArity.ZeroOrOne };

    public void AddTo(Command command)
    {
        command.Arguments.Add(_name);
        command.Arguments.Add(_tool);
    }

    public async Task<(string Upstream, string Tool)> ResolveAsync(ParseResult parseResult, AdminApiClient admin, CancellationToken cancellationToken)
    {
        var name = parseResult.GetRequiredValue(_name);
        if (parseResult.GetValue(_tool) is { } tool)
        {
            return (name, tool);
        }

        var pins = await admin.ListPinsAsync(cancellationToken);
        var held = pins.Value.Pending.FirstOrDefault(p => p.Name == name)
            ?? throw new AdminApiException(HttpStatusCode.NotFound, $"no tool named {name} is held for approval ('gateway tools pending' lists those that are)");
        return (held.Upstream, held.Tool);
    }
}
