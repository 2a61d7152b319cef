namespace Gateway.Cli.Tests.Infrastructure;

/// <summary>The outcome of one in-process run of the <c>gateway</c> command.</summary>
public sealed record CliRun(int ExitCode, string Out, string Error)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Out}\n--- stderr\n{Error}";
}
