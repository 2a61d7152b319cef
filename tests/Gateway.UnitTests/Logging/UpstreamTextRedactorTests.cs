using Gateway.Silo.Logging;

namespace Gateway.UnitTests.Logging;

/// <summary>Upstream text keeps what explains a failure and loses what looks like a credential.</summary>
public sealed class UpstreamTextRedactorTests
{
    [Theory]
    [InlineData("Connection refused (127.0.0.1:3001)", "Connection refused (127.0.0.1:3001)")]
    [InlineData("HTTP 401 Unauthorized for Authorization: Bearer sk-live-4f9a.b_c", "HTTP 401 Unauthorized for Authorization: Bearer ***")]
    [InlineData("Basic dXNlcjpwYXNz rejected", "Basic *** rejected")]
    [InlineData("GET https://bob:hunter2@db.example/x failed", "GET https://***@db.example/x failed")]
    [InlineData("wss://token-only@host/ws closed", "wss://***@host/ws closed")]
    [InlineData("https://example.com/a@b stays", "https://example.com/a@b stays")]
    [InlineData("Host=db;Username=gw;Password=s3cret;Database=g", "Host=db;Username=gw;Password=***;Database=g")]
    [InlineData("missing X-Api-Key: abc123 and access_token=xyz&page=2", "missing X-Api-Key: *** and access_token=***&page=2")]
    [InlineData("client_secret = \"q1w2\"", "client_secret = \"***\"")]
    [InlineData("{\"access_token\":\"eyJ0\",\"expires_in\":60}", "{\"access_token\":\"***\",\"expires_in\":60}")]
    public void Redact_MasksCredentialsOnly(string text, string expected)
    {
        var redactor = new UpstreamTextRedactor();

        Assert.Equal(expected, redactor.Redact(text));
        Assert.Equal(expected.Length, redactor.GetRedactedLength(text));
    }
}
