using Gateway.Silo.Configuration;
using Gateway.Upstreams;

namespace Gateway.UnitTests.Configuration;

/// <summary>An upstream's auth is checked where its definition is (config file and admin API): each problem under its field, no secret quoted.</summary>
public sealed class UpstreamAuthValidationTests
{
    [Fact]
    public void GoodCredentials_OfEveryType_Pass()
    {
        UpstreamAuth[] good =
        [
            new() { Type = UpstreamAuth.Static, Secret = "env://TOKEN" },
            new() { Type = UpstreamAuth.Static, Secret = "s", In = "query", Name = "api_key" },
            new() { Type = UpstreamAuth.Static, Secret = "s", Name = "X-Api-Key", Format = "template", Template = "token {secret}" },
            new() { Type = UpstreamAuth.Static, Secret = "s", Format = "prefix", Prefix = "Token " },
            new() { Type = UpstreamAuth.ClientCredentials, TokenUrl = "https://auth.example.com/token", ClientId = "c", ClientSecret = "file:///run/secrets/c", Scope = "a b" },
            new() { Type = UpstreamAuth.RefreshTokenGrant, TokenUrl = "http://127.0.0.1:9000/token", ClientId = "c", RefreshToken = "r", ClientAuthentication = "client_secret_post" },
        ];

        foreach (var auth in good)
        {
            Assert.Empty(UpstreamDefinitionValidator.Validate(Http(auth)));
        }
    }

    [Fact]
    public void AStaticCredential_NamesWhatIsMissingOrMisplaced()
    {
        var errors = UpstreamDefinitionValidator.Validate(Http(new UpstreamAuth
        {
            Type = UpstreamAuth.Static, Format = "template", Template = "no placeholder", Prefix = "Bearer ", TokenUrl = "https://a.example/token",
        }));

        Assert.Equal(["a static credential needs a secret: the value, or an env:// or file:// reference"], errors["auth.secret"]);
        Assert.Contains("needs a template with {secret}", errors["auth.template"][0]);
        Assert.Equal(["prefix does not apply to the template format; remove it"], errors["auth.prefix"]);
        Assert.Equal(["tokenUrl does not apply to a static credential; remove it"], errors["auth.tokenUrl"]);
    }

    [Fact]
    public void BodyInjection_IsRefused_SayingWhy()
    {
        var errors = UpstreamDefinitionValidator.Validate(Http(new UpstreamAuth { Type = UpstreamAuth.Static, Secret = "s", In = "body" }));

        Assert.Contains("no REST-wrapped tools yet", errors["auth.in"][0]);
    }

    [Fact]
    public void AHeaderCredential_RefusesLineBreaks_BadNames_AndAHeaderSetTwice()
    {
        var lineBreak = UpstreamDefinitionValidator.Validate(Http(new UpstreamAuth { Type = UpstreamAuth.Static, Secret = "s\r\nX-Injected: 1" }));
        var badName = UpstreamDefinitionValidator.Validate(Http(new UpstreamAuth { Type = UpstreamAuth.Static, Secret = "s", Name = "X Api:Key" }));
        var twice = UpstreamDefinitionValidator.Validate(Http(new UpstreamAuth { Type = UpstreamAuth.Static, Secret = "s" }) with
        {
            Headers = new() { ["authorization"] = "Bearer other" },
        });
        var query = UpstreamDefinitionValidator.Validate(Http(new UpstreamAuth { Type = UpstreamAuth.Static, Secret = "s", In = "query" }));

        Assert.Equal(["holds a line break or a NUL, which a header cannot carry"], lineBreak["auth.secret"]);
        Assert.DoesNotContain(lineBreak.Values.SelectMany(v => v), m => m.Contains("X-Injected", StringComparison.Ordinal));
        Assert.Contains("is not a header name", badName["auth.name"][0]);
        Assert.Equal(["header 'Authorization' is also set in headers; set it in one place"], twice["auth.name"]);
        Assert.Equal(["a credential in the query needs the parameter's name, e.g. api_key"], query["auth.name"]);
    }

    [Fact]
    public void AnOAuthCredential_NeedsItsFields_AndTlsOffLoopback()
    {
        var clientCredentials = UpstreamDefinitionValidator.Validate(Http(new UpstreamAuth
        {
            Type = UpstreamAuth.ClientCredentials, TokenUrl = "http://auth.example.com/token", ClientAuthentication = "private_key_jwt", Secret = "s",
        }));
        var refresh = UpstreamDefinitionValidator.Validate(Http(new UpstreamAuth
        {
            Type = UpstreamAuth.RefreshTokenGrant, TokenUrl = "https://user:pass@auth.example.com/token", ClientId = "c",
        }));

        Assert.Contains("must use https (RFC 6749 §3.2), except on loopback", clientCredentials["auth.tokenUrl"][0]);
        Assert.Equal(["an OAuth credential needs the client's id"], clientCredentials["auth.clientId"]);
        Assert.Contains("needs the client's secret", clientCredentials["auth.clientSecret"][0]);
        Assert.Contains("'private_key_jwt' is not a client authentication method", clientCredentials["auth.clientAuthentication"][0]);
        Assert.Contains("does not apply to an OAuth credential", clientCredentials["auth.secret"][0]);
        Assert.Contains("carries no user name or password", refresh["auth.tokenUrl"][0]);
        Assert.DoesNotContain("pass@", refresh["auth.tokenUrl"][0]);
        Assert.Contains("needs the refresh token", refresh["auth.refreshToken"][0]);
    }

    [Fact]
    public void AuthOnAStdioUpstream_AndUnknownTypes_AreRefused()
    {
        var stdio = UpstreamDefinitionValidator.Validate(new UpstreamDefinition
        {
            Name = "local", Transport = UpstreamTransports.Stdio, Command = "server", Auth = new UpstreamAuth { Type = UpstreamAuth.Static, Secret = "s" },
        });
        var unknown = UpstreamDefinitionValidator.Validate(Http(new UpstreamAuth { Type = "kerberos" }));

        Assert.Equal(["auth is for http and sse upstreams; a stdio upstream takes its credentials in env"], stdio["auth"]);
        Assert.Contains("'kerberos' is not an auth type", unknown["auth.type"][0]);
    }

    [Fact]
    public void TheGatewaysStoredForm_IsRefusedWhereverASecretGoes()
    {
        var errors = UpstreamDefinitionValidator.Validate(Http(new UpstreamAuth { Type = UpstreamAuth.Static, Secret = "protected://CfDJ8" }) with
        {
            Headers = new() { ["X-Key"] = "protected://CfDJ8" },
        });

        Assert.Contains("how the gateway stores an encrypted secret", errors["auth.secret"][0]);
        Assert.Contains("how the gateway stores an encrypted secret", errors["headers"][0]);
    }

    [Fact]
    public void InTheConfigFile_AnAuthErrorNamesTheUpstreamsIndexAndTheField()
    {
        var result = new GatewayOptionsValidator().Validate(null, new GatewayOptions
        {
            Upstreams = [Http(new UpstreamAuth { Type = UpstreamAuth.Static, In = "query", Secret = "s" })],
        });

        Assert.Contains(result.Failures!, f => f == "Gateway:Upstreams:0:auth.name: a credential in the query needs the parameter's name, e.g. api_key");
    }

    private static UpstreamDefinition Http(UpstreamAuth auth) =>
        new() { Name = "remote", Transport = UpstreamTransports.Http, Url = "https://mcp.example.com/mcp", Auth = auth };
}
