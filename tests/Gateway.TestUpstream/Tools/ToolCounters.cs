namespace Gateway.TestUpstream.Tools;

/// <summary>Process-wide figures that tests read over HTTP (GET /test/stats) to see what reached the upstream.</summary>
public static class ToolCounters
{
    private static long s_cancelledCalls;

    public static long CancelledCalls => Interlocked.Read(ref s_cancelledCalls);

    public static void CallCancelled() => Interlocked.Increment(ref s_cancelledCalls);
}
