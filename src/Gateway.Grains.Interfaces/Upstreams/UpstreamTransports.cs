namespace Gateway.Upstreams;

public static class UpstreamTransports
{
    public const string Stdio = "stdio";
    public const string Http = "http";
    public const string Sse = "sse";

    public static bool IsKnown(string transport) => transport is Stdio or Http or Sse;
}
