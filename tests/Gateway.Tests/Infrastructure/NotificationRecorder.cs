using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace Gateway.Tests.Infrastructure;

/// <summary>
/// Records what a client-wide notification handler sees. The SDK hands a request's progress to
/// its IProgress only until the answer is in, and dispatches notifications concurrently, so a
/// client-wide handler is the way to see every one, in any order.
/// </summary>
public sealed class NotificationRecorder<T> : IAsyncDisposable
{
    private readonly List<T> _seen = [];
    private readonly IAsyncDisposable _registration;

    private NotificationRecorder(McpClient client, string method, Func<JsonRpcNotification, T> read) =>
        _registration = client.RegisterNotificationHandler(method, (notification, _) =>
        {
            lock (_seen)
            {
                _seen.Add(read(notification));
            }

            return ValueTask.CompletedTask;
        });

    public static NotificationRecorder<T> Start(McpClient client, string method, Func<JsonRpcNotification, T> read) => new(client, method, read);

    public List<T> Snapshot()
    {
        lock (_seen)
        {
            return [.. _seen];
        }
    }

    /// <summary>What was seen once at least <paramref name="count"/> notifications came; fails after Poll's deadline.</summary>
    public Task<List<T>> UntilAsync(int count, string what) => Poll.UntilAsync(() => Task.FromResult(Snapshot()), seen => seen.Count >= count, what);

    public ValueTask DisposeAsync() => _registration.DisposeAsync();
}

/// <summary>The notification readers the tests use.</summary>
public static class Notified
{
    public static double Progress(JsonRpcNotification notification) => (double)notification.Params!["progress"]!;

    public static string Uri(JsonRpcNotification notification) => (string?)notification.Params?["uri"] ?? "";
}
