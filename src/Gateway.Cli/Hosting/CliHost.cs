namespace Gateway.Cli.Hosting;

/// <summary>
/// What the CLI touches outside itself: its output streams, the network and the environment.
/// Tests supply their own so the whole command tree runs in-process.
/// </summary>
public sealed class CliHost
{
    public required TextWriter Out { get; init; }

    public required TextWriter Error { get; init; }

    /// <summary>Handler for every HTTP request (admin API and MCP); <see langword="null"/> uses a real socket handler.</summary>
    public HttpMessageHandler? HttpHandler { get; init; }

    /// <summary>
    /// stdin as bytes, for <c>connect</c>: MCP's stdio transport is UTF-8 lines whatever the console's encoding.
    /// </summary>
    public Func<Stream> OpenStandardInput { get; init; } = () => Stream.Null;

    /// <summary>stdout as bytes, for <c>connect</c>; no other command writes to it but through <see cref="Out"/>.</summary>
    public Func<Stream> OpenStandardOutput { get; init; } = () => Stream.Null;

    public Func<string, string?> GetEnvironmentVariable { get; init; } = Environment.GetEnvironmentVariable;

    /// <summary>Let Spectre.Console detect a terminal and its colours; off, output is plain text.</summary>
    public bool DetectTerminal { get; init; }

    /// <summary>Fixed table width; <see langword="null"/> lets Spectre.Console detect the terminal.</summary>
    public int? ConsoleWidth { get; init; }

    public static CliHost FromConsole() => new()
    {
        Out = Console.Out,
        Error = Console.Error,
        OpenStandardInput = Console.OpenStandardInput,
        OpenStandardOutput = Console.OpenStandardOutput,
        DetectTerminal = true,
    };
}
