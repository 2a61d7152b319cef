using System.Collections.Concurrent;
using System.Security.Cryptography;
using Gateway.TestUpstream.Hosting;
using Gateway.TestUpstream.Sessions;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Logging;
using ModelContextProtocol.Server;

namespace Gateway.TestUpstream.Http;

/// <summary>Open Streamable HTTP sessions by Mcp-Session-Id. Disposed with the host, which closes every session.</summary>
public sealed class HttpSessionStore(
    UpstreamServerOptions serverOptions,
    SessionRegistry registry,
    ILoggerFactory loggerFactory,
    IServiceProvider services) : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, HttpMcpSession> _sessions = new(StringComparer.Ordinal);
    private readonly ILogger _logger = loggerFactory.CreateLogger<HttpSessionStore>();

    public HttpMcpSession Create()
    {
        var id = NewSessionId();
        var state = new UpstreamSession(id);

        var options = new McpServerOptions();
        serverOptions.Configure(options, state);

        var transport = new StreamableHttpServerTransport(loggerFactory) { SessionId = id };
        var server = McpServer.Create(transport, options, loggerFactory, services);
        state.Attach(server);

        var session = new HttpMcpSession(id, transport, server, state, _logger);
        _sessions[id] = session;
        registry.Add(state);
        Log.SessionOpened(_logger, id);
        return session;
    }

    public bool TryGet(string id, out HttpMcpSession session) => _sessions.TryGetValue(id, out session!);

    public async ValueTask<bool> CloseAsync(string id)
    {
        if (!_sessions.TryRemove(id, out var session))
        {
            return false;
        }

        registry.Remove(session.State);
        await session.DisposeAsync();
        Log.SessionClosed(_logger, id);
        return true;
    }

    /// <summary>Closes every session; returns how many there were.</summary>
    public async Task<int> ExpireAllAsync()
    {
        var ids = _sessions.Keys.ToArray();
        foreach (var id in ids)
        {
            await CloseAsync(id);
        }

        return ids.Length;
    }

    /// <summary>Cancels every running tool call, so that stopping the process does not wait for them.</summary>
    public void EndAll()
    {
        foreach (var session in _sessions.Values)
        {
            session.State.End();
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var id in _sessions.Keys)
        {
            await CloseAsync(id);
        }
    }

    // MCP "Session Management": the id must be globally unique and cryptographically secure, visible ASCII only.
    private static string NewSessionId() => WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(16));
}
