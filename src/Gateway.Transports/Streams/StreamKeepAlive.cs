namespace Gateway.Transports.Streams;

/// <summary>What a stream does after each <paramref name="Interval"/> without items (a keep-alive).</summary>
public sealed record StreamKeepAlive(TimeSpan Interval, TimeProvider Time, Func<CancellationToken, Task> SendAsync);
