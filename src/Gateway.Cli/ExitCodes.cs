namespace Gateway.Cli;

/// <summary>Process exit codes of the <c>gateway</c> command; scripts branch on these.</summary>
public static class ExitCodes
{
    public const int Success = 0;

    /// <summary>The gateway answered, but with an error (HTTP 4xx/5xx, a JSON-RPC error, a tool error).</summary>
    public const int Failure = 1;

    /// <summary>The command line itself is wrong (unknown option, bad <c>--args</c> JSON, ...).</summary>
    public const int Usage = 2;

    /// <summary>The gateway could not be reached at all (connection refused, DNS failure, timeout).</summary>
    public const int Unreachable = 3;

    /// <summary>Interrupted by Ctrl+C / SIGTERM (128 + SIGINT, as shells report it).</summary>
    public const int Cancelled = 130;
}
