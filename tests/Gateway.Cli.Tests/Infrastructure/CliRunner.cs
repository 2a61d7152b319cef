using System.Text;
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

    /// <summary>
    /// Runs with <paramref name="stdin"/> as the bytes of standard input (then its end); <see cref="CliRun.Out"/> is
    /// what went to standard output as bytes (<c>connect</c>) followed by what went through the text writer.
    /// </summary>
    public static async Task<CliRun> RunWithStdinAsync(string stdin, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        using var input = new MemoryStream(Encoding.UTF8.GetBytes(stdin));
        using var stdout = new MemoryStream();
        var host = new CliHost
        {
            Out = output,
            Error = error,
            OpenStandardInput = () => input,
            OpenStandardOutput = () => stdout,
            GetEnvironmentVariable = _ => null,
        };

        var exitCode = await CliApp.RunAsync(args, host);
        return new CliRun(exitCode, Encoding.UTF8.GetString(stdout.ToArray()) + output, error.ToString());
    }
}
