using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace Gateway.Cli.Connect;

/// <summary>
/// The gateway side of the bridge: one MCP session over Streamable HTTP (MCP 2025-11-25, "Transports").
/// Remembers the <c>Mcp-Session-Id</c> the initialize answer carried and the protocol version it negotiated,
/// and sends both on every later request; notices when the gateway no longer knows the session.
/// </summary>
public sealed class McpHttpSession(HttpClient http, Uri endpoint, string? protocolVersion)
{
    public const string SessionIdHeader = "Mcp-Session-Id";
    public const string ProtocolVersionHeader = "MCP-Protocol-Version";
    public const string LastEventIdHeader = "Last-Event-ID";

    private static readonly MediaTypeWithQualityHeaderValue Json = new("application/json");
    private static readonly MediaTypeWithQualityHeaderValue EventStream = new("text/event-stream");

    private readonly CancellationTokenSource _gone = new();
    private volatile string? _sessionId;
    private volatile string? _protocolVersion = protocolVersion;

    /// <summary>The endpoint for diagnostics: no user info or query, where a credential could hide.</summary>
    public string DisplayEndpoint { get; } = $"{endpoint.Scheme}://{endpoint.Authority}{endpoint.AbsolutePath}";

    public bool HasSession => _sessionId is not null;

    /// <summary>Cancelled once the gateway answered 404 to this session's id: it expired or was ended.</summary>
    public CancellationToken Gone => _gone.Token;

    public bool IsGone => _gone.IsCancellationRequested;

    /// <summary>POSTs one line from stdin as it is; the answer's body is left to read as it streams.</summary>
    public Task<HttpResponseMessage> PostAsync(StdinMessage message, CancellationToken cancellationToken)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, endpoint)
        {
            Content = new StringContent(message.Json, new UTF8Encoding(false), "application/json"),
        };
        request.Headers.Accept.Add(Json);
        request.Headers.Accept.Add(EventStream);

        // A new initialize opens a new session, so it carries no session id (MCP 2025-11-25, "Session Management").
        return SendAsync(request, withSession: !message.IsInitialize, cancellationToken);
    }

    /// <summary>Opens the standalone stream of server-initiated messages, resuming after <paramref name="lastEventId"/>.</summary>
    public Task<HttpResponseMessage> GetAsync(string? lastEventId, CancellationToken cancellationToken)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, endpoint);
        request.Headers.Accept.Add(EventStream);
        if (lastEventId is not null)
        {
            request.Headers.TryAddWithoutValidation(LastEventIdHeader, lastEventId);
        }

        return SendAsync(request, withSession: true, cancellationToken);
    }

    /// <summary>Ends the session on the gateway; <see langword="null"/> when there was none to end.</summary>
    public async Task<HttpStatusCode?> DeleteAsync(CancellationToken cancellationToken)
    {
        if (_sessionId is null || IsGone)
        {
            return null;
        }

        using var response = await SendAsync(new HttpRequestMessage(HttpMethod.Delete, endpoint), withSession: true, cancellationToken);
        return response.StatusCode;
    }

    /// <summary>Takes the session the gateway opened for a successful initialize.</summary>
    public void Adopt(HttpResponseMessage initializeAnswer)
    {
        if (initializeAnswer.Headers.TryGetValues(SessionIdHeader, out var ids) && ids.FirstOrDefault() is { Length: > 0 } id)
        {
            _sessionId = id;
        }
    }

    /// <summary>The version the initialize answer settled on; sent as MCP-Protocol-Version from now on.</summary>
    public void Negotiated(string version) => _protocolVersion = version;

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, bool withSession, CancellationToken cancellationToken)
    {
        var sessionId = withSession ? _sessionId : null;
        if (sessionId is not null)
        {
            request.Headers.TryAddWithoutValidation(SessionIdHeader, sessionId);
        }

        if (_protocolVersion is { } version)
        {
            request.Headers.TryAddWithoutValidation(ProtocolVersionHeader, version);
        }

        using (request)
        {
            var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);

            // 404 to a request that named the session: the session is over (MCP 2025-11-25, "Session Management").
            if (response.StatusCode == HttpStatusCode.NotFound && sessionId is not null && sessionId == _sessionId)
            {
                await _gone.CancelAsync();
            }

            return response;
        }
    }
}
