using System.Net;
using Microsoft.Extensions.Logging;

namespace Gateway.Cli.Connect;

/// <summary>
/// The session's GET stream of server-initiated messages (list_changed, logging, requests to the client).
/// When it drops, it is opened again with <c>Last-Event-ID</c> so the gateway replays what was missed
/// (MCP 2025-11-25, "Resumability and Redelivery"), after a backoff that doubles with each attempt that
/// brought nothing; a stream that keeps failing is given up on, and the rest of the bridge carries on.
/// </summary>
public sealed class StandaloneStream(McpHttpSession session, AnswerRelay relay, ILogger logger, TimeProvider time)
{
    public const int MaxAttempts = 6;

    private static readonly TimeSpan FirstDelay = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(16);

    private string? _lastEventId;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var failures = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            var delivered = false;
            try
            {
                using var response = await session.GetAsync(_lastEventId, cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
                    await relay.RelayEventsAsync(body, [], observe: null, id =>
                    {
                        _lastEventId = id;
                        delivered = true;
                    }, cancellationToken);
                }
                else if (!ShouldRetry(response.StatusCode))
                {
                    // 404 is the session's end, which the bridge reports itself; 405 is a gateway without the stream.
                    if (response.StatusCode != HttpStatusCode.NotFound)
                    {
                        logger.StandaloneStreamRefused((int)response.StatusCode);
                    }

                    return;
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is HttpRequestException or IOException)
            {
                // The connection dropped or could not be made: try again below.
            }

            failures = delivered ? 1 : failures + 1;
            if (failures > MaxAttempts)
            {
                logger.StandaloneStreamGivenUp(MaxAttempts);
                return;
            }

            var delay = Backoff(failures);
            logger.StandaloneStreamReconnecting(delay.TotalSeconds, failures, MaxAttempts);
            try
            {
                await Task.Delay(delay, time, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>The wait before attempt <paramref name="attempt"/>: 0.5 s, doubling, at most 16 s.</summary>
    public static TimeSpan Backoff(int attempt) =>
        TimeSpan.FromTicks(Math.Min(MaxDelay.Ticks, FirstDelay.Ticks << Math.Min(attempt - 1, 10)));

    private static bool ShouldRetry(HttpStatusCode status) =>
        (int)status >= 500 || status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests;
}
