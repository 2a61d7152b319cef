namespace Gateway.TestUpstream.Tools;

/// <summary>Ends the process at once, the way a crashing upstream would, without answering in-flight requests.</summary>
public sealed class ProcessTerminator
{
    public void ExitNow(int exitCode)
    {
        Console.Error.Flush();
        Environment.Exit(exitCode);
    }
}
