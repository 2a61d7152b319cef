using Gateway.Upstreams.Transports;
using Microsoft.Extensions.Logging;

namespace Gateway.Upstreams.Credentials;

/// <summary>
/// The access token of one OAuth upstream on this silo, shared by all of its connections here: the
/// upstream grain's and every client session's. It is fetched once and reused until shortly before
/// it expires, or until the upstream refuses it; one fetch at a time, so a burst of new sessions
/// costs the token endpoint one request. A refresh token the server rotates replaces the one held,
/// in memory only: after a restart the silo starts again from the configured one.
/// </summary>
public sealed partial class UpstreamTokenSource(
    UpstreamDefinition definition,
    string revision,
    UpstreamSecrets secrets,
    IHttpClientFactory http,
    TimeProvider time,
    ILogger logger)
{
    /// <summary>The longest a token is given up before its expiry: time for a request to reach the upstream, and for skew.</summary>
    private static readonly TimeSpan MaxEarlyRenewal = TimeSpan.FromSeconds(30);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly UpstreamAuth _auth = definition.Auth!;
    private Held? _current;
    private string? _rotatedRefreshToken;

    /// <summary>The definition revision it fetches for; a redefined upstream gets a new source.</summary>
    public string Revision => revision;

    /// <summary>A token to send: the one held while it is fresh, otherwise a new one.</summary>
    /// <param name="rejected">A token the upstream just refused (HTTP 401): never handed out again.</param>
    public async ValueTask<string> GetAsync(string? rejected, CancellationToken cancellationToken)
    {
        if (Usable(Volatile.Read(ref _current), rejected) is { } fresh)
        {
            return fresh;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            // Another request may have fetched one while this one waited.
            if (Usable(_current, rejected) is { } fetched)
            {
                return fetched;
            }

            var issued = await FetchAsync(cancellationToken);
            var now = time.GetUtcNow();
            var renewAt = issued.ExpiresIn is { } lifetime
                ? now + lifetime - TimeSpan.FromTicks(Math.Min(MaxEarlyRenewal.Ticks, lifetime.Ticks / 10))
                : DateTimeOffset.MaxValue;
            Volatile.Write(ref _current, new Held(issued.AccessToken, renewAt));
            if (issued.RefreshToken is { } rotated)
            {
                _rotatedRefreshToken = rotated;
            }

            LogFetched(logger, definition.Name, _auth.Type, issued.ExpiresIn?.TotalSeconds);
            return issued.AccessToken;
        }
        finally
        {
            _gate.Release();
        }
    }

    private string? Usable(Held? held, string? rejected) =>
        held is not null && held.Token != rejected && time.GetUtcNow() < held.RenewAt ? held.Token : null;

    private Task<IssuedToken> FetchAsync(CancellationToken cancellationToken)
    {
        var clientSecret = UpstreamAuth.Given(_auth.ClientSecret) is { } secret ? secrets.Resolve(secret, definition.Name, "auth.clientSecret") : null;
        List<KeyValuePair<string, string>> grant = _auth.Type == UpstreamAuth.RefreshTokenGrant
            ?
            [
                new("grant_type", "refresh_token"),
                new("refresh_token", _rotatedRefreshToken ?? secrets.Resolve(_auth.RefreshToken!, definition.Name, "auth.refreshToken")),
            ]
            : [new("grant_type", "client_credentials")];

        // The token endpoint of an admin-added upstream is behind the same SSRF guard as the upstream.
        var client = http.CreateClient(UpstreamHttpClients.For(definition));
        return TokenEndpointClient.RequestAsync(client, _auth, grant, clientSecret, cancellationToken);
    }

    private sealed record Held(string Token, DateTimeOffset RenewAt);

    [LoggerMessage(EventId = 1320, Level = LogLevel.Information, Message = "Upstream {Upstream}: fetched an access token ({Grant}), expiring in {ExpiresInSeconds} s")]
    private static partial void LogFetched(ILogger logger, string upstream, string grant, double? expiresInSeconds);
}
