using Gateway.TestUpstream.Hosting;
using Gateway.TestUpstream.Sessions;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using ModelContextProtocol.AspNetCore;
using ModelContextProtocol.Server;

namespace Gateway.TestUpstream.Http;

/// <summary>
/// The upstream's part in the sessions MapMcp keeps. When the SDK creates a session's server, its
/// options get the upstream's handlers bound to a new <see cref="UpstreamSession"/>
/// (ConfigureSessionOptions); while the SDK runs that server, the session is listed in the
/// <see cref="SessionRegistry"/> (RunSessionHandler), so list_changed and resources/updated reach
/// every open session and /test/stats counts them. With <c>--stateless</c> the SDK makes a server
/// per request: each gets a throwaway session, listed nowhere, as there is nobody to notify later.
/// </summary>
public sealed class HttpSessions(
    UpstreamSettings settings,
    UpstreamServerOptions serverOptions,
    SessionRegistry registry,
    ILogger<HttpSessions> logger)
{
    private static readonly object s_sessionKey = new();

    public void Configure(HttpServerTransportOptions transport)
    {
        // Stateful: the gateway's upstream connections are initialize-based and resume sessions by id.
        transport.SessionMode = settings.Stateless ? HttpServerSessionMode.Stateless : HttpServerSessionMode.Stateful;
        transport.ConfigureSessionOptions = ConfigureSession;
        if (!settings.Stateless)
        {
            // Experimental in the SDK, and the only hook that sees a session end (DELETE, idle
            // expiry, shutdown), which the session count and the cancelling of running calls need.
#pragma warning disable MCPEXP002
            transport.RunSessionHandler = RunSessionAsync;
#pragma warning restore MCPEXP002
        }
    }

    private Task ConfigureSession(HttpContext context, McpServerOptions options, CancellationToken cancellationToken)
    {
        var session = new UpstreamSession(settings.Stateless ? $"request-{Guid.NewGuid():N}" : MintedSessionId(context));
        context.Items[s_sessionKey] = session;
        serverOptions.Configure(options, session);
        return Task.CompletedTask;
    }

    private async Task RunSessionAsync(HttpContext context, McpServer server, CancellationToken sessionClosed)
    {
        // Called on the initialize request, right after ConfigureSession, before its first await.
        var session = (UpstreamSession)context.Items[s_sessionKey]!;
        session.Attach(server);
        registry.Add(session);
        Log.SessionOpened(logger, session.Id);

        // The SDK waits for running handlers before it lets a session go: end the session's calls first.
        using var ending = sessionClosed.Register(session.End);
        try
        {
            await server.RunAsync(sessionClosed);
        }
        catch (OperationCanceledException) when (sessionClosed.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            Log.SessionFailed(logger, ex, session.Id);
        }
        finally
        {
            registry.Remove(session);
            Log.SessionClosed(logger, session.Id);
        }
    }

    /// <summary>
    /// The SDK mints the id and puts it on the initialize response before it asks for the session's
    /// options; whoami answers with it, so the tests can tell sessions apart by what clients see.
    /// </summary>
    private static string MintedSessionId(HttpContext context) =>
        context.Response.Headers[McpHeaders.SessionId].ToString() is { Length: > 0 } id
            ? id
            : throw new InvalidOperationException("MapMcp created a session without putting its Mcp-Session-Id on the response.");
}
