using System.CommandLine;
using System.CommandLine.Invocation;
using System.CommandLine.Parsing;
using System.Reflection;
using Gateway.Cli.Commands;
using Gateway.Cli.Hosting;

namespace Gateway.Cli;

/// <summary>Builds and runs the <c>gateway</c> command tree; <see cref="Program"/> and the tests both come through here.</summary>
public static class CliApp
{
    public static string Version { get; } =
        typeof(CliApp).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    public static RootCommand Build(CliHost host)
    {
        var globalOptions = new GlobalOptions(host.GetEnvironmentVariable);
        var context = new CliContext(host, globalOptions);
        var root = new RootCommand("Manage and use a federated MCP gateway");
        globalOptions.AddTo(root);
        root.Subcommands.Add(new ToolsCommand(context));
        root.Subcommands.Add(new UpstreamsCommand(context));
        root.Subcommands.Add(new SessionsCommand(context));
        root.Subcommands.Add(new ConnectCommand(context));
        return root;
    }

    public static async Task<int> RunAsync(IReadOnlyList<string> args, CliHost host, CancellationToken cancellationToken = default)
    {
        // No response files: "@scope/package" is an npm package to pass on (--arg), not a file to expand.
        var parseResult = Build(host).Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
        if (parseResult.Action is ParseErrorAction)
        {
            // Usage errors get exit code 2 and a pointer to help, rather than the whole help text.
            foreach (var error in parseResult.Errors)
            {
                await host.Error.WriteLineAsync(error.Message);
            }

            await host.Error.WriteLineAsync($"Run '{HelpHint(parseResult)} --help' for usage.");
            return ExitCodes.Usage;
        }

        var configuration = new InvocationConfiguration
        {
            Output = host.Out,
            Error = host.Error,
            EnableDefaultExceptionHandler = false,
        };
        return await parseResult.InvokeAsync(configuration, cancellationToken);
    }

    private static string HelpHint(ParseResult parseResult)
    {
        var names = new List<string>();
        for (var result = parseResult.CommandResult; result is not null; result = result.Parent as CommandResult)
        {
            names.Add(result.Command is RootCommand ? "gateway" : result.Command.Name);
        }

        names.Reverse();
        return string.Join(' ', names);
    }
}
