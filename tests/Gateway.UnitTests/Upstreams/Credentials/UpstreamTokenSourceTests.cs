using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Gateway.Upstreams;
using Gateway.Upstreams.Credentials;
using Gateway.UnitTests.Support;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Gateway.UnitTests.Upstreams.Credentials;

/// <summary>
/// One upstream's access token on one silo, on a fake clock: fetched once and shared, renewed a
/// little before it expires or when the upstream refuses it, refresh tokens rotated, and token
/// endpoint failures told without a secret.
/// </summary>
public sealed class UpstreamTokenSourceTests
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-01-01T00:00:00Z"));
    private readonly StubTokenEndpoint _endpoint = new();

    [Fact]
    public async Task AToken_IsReusedUntilShortlyBeforeItExpires_ThenRenewed()
    {
        var source = Source(ClientCredentials());

        Assert.Equal("token-1", await source.GetAsync(null, default));
        _time.Advance(TimeSpan.FromSeconds(3569));
        Assert.Equal("token-1", await source.GetAsync(null, default));

        // An hour's token is given up 30 s early: a request sent with it still arrives in time.
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal("token-2", await source.GetAsync(null, default));
        Assert.Equal(2, _endpoint.Requests.Count);
    }

    [Fact]
    public async Task AShortLivedToken_IsRenewedATenthOfItsLifeEarly()
    {
        _endpoint.Answer = (HttpStatusCode.OK, """{"access_token":"short","token_type":"Bearer","expires_in":"10"}""");
        var source = Source(ClientCredentials());
        await source.GetAsync(null, default);

        _time.Advance(TimeSpan.FromSeconds(8.9));
        await source.GetAsync(null, default);
        _time.Advance(TimeSpan.FromSeconds(0.2));
        await source.GetAsync(null, default);

        Assert.Equal(2, _endpoint.Requests.Count);
    }

    [Fact]
    public async Task ConcurrentCallers_ShareOneFetch()
    {
        _endpoint.Gate = new TaskCompletionSource();
        var source = Source(ClientCredentials());

        var callers = Enumerable.Range(0, 8).Select(_ => source.GetAsync(null, default).AsTask()).ToList();
        await Eventually.EqualsAsync(1, () => _endpoint.Requests.Count, "fetches started");
        _endpoint.Gate.SetResult();

        Assert.All(await Task.WhenAll(callers), token => Assert.Equal("token-1", token));
        Assert.Single(_endpoint.Requests);
    }

    [Fact]
    public async Task ARejectedToken_IsReplacedOnce_HoweverManyRequestsHadIt()
    {
        var source = Source(ClientCredentials());
        var first = await source.GetAsync(null, default);

        var renewed = await source.GetAsync(rejected: first, default);
        var again = await source.GetAsync(rejected: first, default);

        Assert.Equal(("token-2", "token-2"), (renewed, again));
        Assert.Equal(2, _endpoint.Requests.Count);
    }

    [Fact]
    public async Task ClientCredentials_AuthenticateWithBasic_FormEncodingIdAndSecret()
    {
        var source = Source(ClientCredentials() with { ClientId = "my client", ClientSecret = "p@ss:w%rd", Scope = "a b", Audience = "api" });

        await source.GetAsync(null, default);

        var (authorization, form) = _endpoint.Requests.Single();
        Assert.Equal("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("my%20client:p%40ss%3Aw%25rd")), authorization);
        Assert.Equal(new Dictionary<string, string> { ["grant_type"] = "client_credentials", ["scope"] = "a b", ["audience"] = "api" }, form);
    }

    [Fact]
    public async Task ARefreshToken_RotatedByTheServer_IsTheOneSentNext_InTheBodyWithClientSecretPost()
    {
        var auth = new UpstreamAuth
        {
            Type = UpstreamAuth.RefreshTokenGrant, TokenUrl = "https://auth.example.com/token", ClientId = "c", ClientSecret = "s",
            RefreshToken = "refresh-0", ClientAuthentication = UpstreamAuth.ClientSecretPost,
        };
        var source = Source(auth);
        _endpoint.Answer = (HttpStatusCode.OK, """{"access_token":"a1","token_type":"Bearer","expires_in":60,"refresh_token":"refresh-1"}""");
        await source.GetAsync(null, default);
        _endpoint.Answer = (HttpStatusCode.OK, """{"access_token":"a2","token_type":"Bearer","expires_in":60}""");
        await source.GetAsync(rejected: "a1", default);
        await source.GetAsync(rejected: "a2", default);

        var sent = _endpoint.Requests.Select(r => r.Form["refresh_token"]).ToList();
        Assert.Equal(["refresh-0", "refresh-1", "refresh-1"], sent);
        Assert.All(_endpoint.Requests, r => Assert.Equal((null, "c", "s"), (r.Authorization, r.Form["client_id"], r.Form["client_secret"])));
    }

    [Fact]
    public async Task ARefusal_NamesTheEndpointAndTheError_ButNeitherTheQueryNorTheSecret()
    {
        _endpoint.Answer = (HttpStatusCode.BadRequest,
            new JsonObject { ["error"] = "invalid_client", ["error_description"] = "secret sekrit-value\nis wrong", ["debug"] = "internal-detail" }.ToJsonString());
        var source = Source(ClientCredentials() with { TokenUrl = "https://auth.example.com/oauth/token?tenant=t1", ClientSecret = "sekrit-value" });

        var error = await Assert.ThrowsAsync<UpstreamCredentialException>(async () => await source.GetAsync(null, default));

        Assert.Equal("token endpoint https://auth.example.com/oauth/token refused the request: invalid_client (secret *** is wrong) (HTTP 400 Bad Request)", error.Message);
    }

    [Theory]
    [InlineData(HttpStatusCode.BadGateway, "<html>upstream says hi</html>", "token endpoint https://auth.example.com/token answered HTTP 502 Bad Gateway")]
    [InlineData(HttpStatusCode.OK, """{"token_type":"Bearer"}""", "token endpoint https://auth.example.com/token answered without an access_token")]
    [InlineData(HttpStatusCode.OK, """{"access_token":"x","token_type":"mac"}""", "token endpoint https://auth.example.com/token issued a token of type 'mac'; the gateway sends Bearer tokens only")]
    public async Task AnAnswerThatIsNoToken_IsToldPlainly(HttpStatusCode status, string body, string expected)
    {
        _endpoint.Answer = (status, body);

        var error = await Assert.ThrowsAsync<UpstreamCredentialException>(async () => await Source(ClientCredentials()).GetAsync(null, default));

        Assert.Equal(expected, error.Message);
    }

    private static UpstreamAuth ClientCredentials() => new()
    {
        Type = UpstreamAuth.ClientCredentials, TokenUrl = "https://auth.example.com/token", ClientId = "c", ClientSecret = "s",
    };

    private UpstreamTokenSource Source(UpstreamAuth auth)
    {
        var definition = new UpstreamDefinition { Name = "remote", Transport = UpstreamTransports.Http, Url = "https://mcp.example.com/mcp", Auth = auth };
        var secrets = new UpstreamSecrets(new EphemeralDataProtectionProvider());
        return new UpstreamTokens(secrets, _endpoint, _time, NullLoggerFactory.Instance).For(definition);
    }
}
