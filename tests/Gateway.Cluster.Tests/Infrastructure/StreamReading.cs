using Gateway.Transports.Streams;
using ModelContextProtocol.Protocol;

namespace Gateway.Cluster.Tests.Infrastructure;

/// <summary>Reads a client stream as the front door's SSE writer would, with a deadline so a missing message fails the test.</summary>
public static class StreamReading
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    /// <summary>The next notification of the method on the stream, skipping others.</summary>
    public static async Task<JsonRpcNotification> NextAsync(this ClientStream stream, string method)
    {
        using var deadline = new CancellationTokenSource(Deadline);
        try
        {
            while (true)
            {
                var item = await stream.Reader.ReadAsync(deadline.Token);
                if (item.Message is JsonRpcNotification notification && notification.Method == method)
                {
                    return notification;
                }
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"No {method} on stream {stream.Address.StreamId} of session {stream.SessionId} within {Deadline.TotalSeconds:0} s.");
        }
    }

    /// <summary>The progress value and token of a notifications/progress.</summary>
    public static (double Progress, string? Token) Progress(this JsonRpcNotification notification) =>
        ((double?)notification.Params?["progress"] ?? double.NaN, notification.Params?["progressToken"]?.ToString());
}
