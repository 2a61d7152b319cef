using Gateway.Protocol;
using Microsoft.Extensions.Logging;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;

namespace Gateway.Upstreams;

/// <summary>
/// Sends one request over an upstream session and turns every way it can end into a reply: the
/// upstream's answer, a timeout, a cancellation, or a broken connection. An upstream session the
/// upstream expired (HTTP 404) never ran the request, so that one case is retried once on a fresh
/// session; any other break may have run it, so it is reported, not repeated.
/// </summary>
public sealed partial class UpstreamForwarder(TimeProvider time, ILogger<UpstreamForwarder> logger)
{
    /// <param name="open">Gets the request's upstream session (a fresh one after <paramref name="drop"/>); null when it cannot be opened.</param>
    /// <param name="drop">Forgets and closes a connection that broke.</param>
    public async Task<UpstreamReply> SendAsync(
        UpstreamRequest request,
        TimeSpan timeout,
        Func<Task<UpstreamConnection?>> open,
        Func<UpstreamConnection, Task> drop,
        Func<UpstreamReply> unavailable,
        CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        for (var attempt = 0; ; attempt++)
        {
            if (await open() is not { } connection)
            {
                return unavailable();
            }

            try
            {
                connection.LastUsed = time.GetUtcNow();
                return await connection.SendAsync(request, deadline.Token);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return UpstreamReply.Failure(GatewayErrorCodes.RequestCancelled, $"{request.Method} was cancelled by the client");
            }
            catch (OperationCanceledException)
            {
                return UpstreamReply.Failure(GatewayErrorCodes.UpstreamTimeout,
                    $"Upstream '{request.Upstream}' did not answer {request.Method} within {timeout.TotalSeconds:0.###} s");
            }
            catch (Exception ex) when (ex is not McpProtocolException)
            {
                var expired = connection.SessionExpired || UpstreamConnection.IsSessionExpiry(ex);
                await drop(connection);
                if (expired && attempt == 0)
                {
                    LogSessionExpired(logger, request.Upstream, SessionIds.ForLog(request.SessionId));
                    continue;
                }

                LogCallFailed(logger, request.Upstream, request.Method, ex.Message);
                return UpstreamReply.Failure(GatewayErrorCodes.UpstreamFailed,
                    $"Upstream '{request.Upstream}' failed during {request.Method}: {ex.Message}");
            }
        }
    }

    [LoggerMessage(EventId = 1302, Level = LogLevel.Warning, Message = "Upstream {Upstream} failed during {Method}: {Error}")]
    private static partial void LogCallFailed(ILogger logger, string upstream, string method, string error);

    [LoggerMessage(EventId = 1304, Level = LogLevel.Information, Message = "Upstream {Upstream} expired the session of client session {SessionId}; re-initialising")]
    private static partial void LogSessionExpired(ILogger logger, string upstream, string sessionId);
}
