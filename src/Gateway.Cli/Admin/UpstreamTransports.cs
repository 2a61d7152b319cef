namespace Gateway.Cli.Admin;

/// <summary>Transport names used by the admin API.</summary>
public static class UpstreamTransports
{
    public const string Stdio = "stdio";
    public const string Http = "http";
}
