using Gateway.Cli.Hosting;

namespace Gateway.Cli.Tests.Infrastructure;

/// <summary>Runs the CLI in-process with captured output and an environment that is empty unless a test fills it.</summary>
public static class CliRunner
{
    public static async Task<CliRun> RunAsync(IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var host = new CliHost
        {
            Out = output,
            Error = error,
            ConsoleWidth = 200,
            GetEnvironmentVariable = name => environment?.GetValueOrDefault(name),
        };

        var exitCode = await CliApp.RunAsync(args, host);
        return new CliRun(exitCode, output.ToString(), error.ToString());
    }

    public static Task<CliRun> RunAsync(params string[] args) => RunAsync(null, args);
}
