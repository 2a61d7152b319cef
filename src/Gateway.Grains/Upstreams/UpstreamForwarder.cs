using Gateway.Protocol;
using Microsoft.Extensions.Logging;
using ModelContextProtocol;

namespace Gateway.Upstreams;

/// <summary>
/// Sends one request over an upstream session and turns every way it can end into a reply: the
/// upstream's answer, a timeout, a cancellation, or a broken connection. An upstream session the
/// upstream expired (HTTP 404) never ran the request, so that one case is retried once on a fresh
/// session (the caller opens it); any other break may have run it, so it is reported, not repeated.
/// </summary>
public sealed partial class UpstreamForwarder(ILogger<UpstreamForwarder> logger)
{
    /// <param name="firstAttempt">Whether a fresh session may still be tried when this one turns out expired.</param>
    /// <param name="deadline">Fires at the call timeout or when the client cancels.</param>
    /// <param name="clientCancellation">The client's cancellation alone, to tell the two apart.</param>
    public async Task<UpstreamAttempt> SendAsync(
        UpstreamConnection connection,
        UpstreamRequest request,
        TimeSpan timeout,
        bool firstAttempt,
        CancellationToken deadline,
        CancellationToken clientCancellation)
    {
        try
        {
            return new UpstreamAttempt(await connection.SendAsync(request, deadline), Broke: false);
        }
        catch (OperationCanceledException) when (clientCancellation.IsCancellationRequested)
        {
            return new UpstreamAttempt(UpstreamReply.Failure(GatewayErrorCodes.RequestCancelled, $"{request.Method} was cancelled by the client"), Broke: false);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            return new UpstreamAttempt(UpstreamReply.Failure(GatewayErrorCodes.UpstreamTimeout,
                $"Upstream '{request.Upstream}' did not answer {request.Method} within {timeout.TotalSeconds:0.###} s"), Broke: false);
        }
        // Cancelled by neither the client nor the deadline: the SDK gave up on the connection, as
        // it does when the upstream has ended the session (HTTP 404).
        catch (Exception ex) when (ex is not McpProtocolException)
        {
            if (firstAttempt && (connection.SessionExpired || UpstreamConnection.IsSessionExpiry(ex)))
            {
                LogSessionExpired(logger, request.Upstream, SessionIds.ForLog(request.SessionId));
                return new UpstreamAttempt(null, Broke: true);
            }

            var error = UpstreamFailureText.Of(ex);
            LogCallFailed(logger, request.Upstream, request.Method, error);
            return new UpstreamAttempt(UpstreamReply.Failure(GatewayErrorCodes.UpstreamFailed,
                $"Upstream '{request.Upstream}' failed during {request.Method}: {error}"), Broke: true);
        }
    }

    [LoggerMessage(EventId = 1302, Level = LogLevel.Warning, Message = "Upstream {Upstream} failed during {Method}: {Error}")]
    private static partial void LogCallFailed(ILogger logger, string upstream, string method, [UpstreamText] string error);

    [LoggerMessage(EventId = 1304, Level = LogLevel.Information, Message = "Upstream {Upstream} expired the session of client session {SessionId}; re-initialising")]
    private static partial void LogSessionExpired(ILogger logger, string upstream, string sessionId);
}
