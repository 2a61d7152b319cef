namespace Gateway.EndToEnd.Tests.Infrastructure;

/// <summary>How a command run by <see cref="ExternalCommand"/> ended and what it wrote.</summary>
public sealed record CommandResult(string CommandLine, int ExitCode, string Stdout, string Stderr)
{
    public override string ToString() =>
        $"`{CommandLine}` exited with code {ExitCode}\n--- stdout ---\n{Stdout}\n--- stderr ---\n{Stderr}";
}
