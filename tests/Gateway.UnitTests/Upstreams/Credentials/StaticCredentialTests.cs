using Gateway.Upstreams;
using Gateway.Upstreams.Credentials;

namespace Gateway.UnitTests.Upstreams.Credentials;

public sealed class StaticCredentialTests
{
    [Theory]
    [InlineData(null, null, null, "abc")]
    [InlineData("raw", null, null, "abc")]
    [InlineData("prefix", null, null, "Bearer abc")]
    [InlineData("prefix", "Token ", null, "Token abc")]
    [InlineData("template", null, "key={secret}; also {secret}", "key=abc; also abc")]
    public void TheFormat_MakesTheValueSent(string? format, string? prefix, string? template, string expected)
    {
        var credential = StaticCredential.Create(new UpstreamAuth { Type = UpstreamAuth.Static, Format = format, Prefix = prefix, Template = template }, "abc", "u");

        Assert.Equal(new StaticCredential(InQuery: false, "Authorization", expected), credential);
    }

    [Fact]
    public void AResolvedSecretWithALineBreak_IsNeverPutInAHeader_AndTheErrorDoesNotQuoteIt()
    {
        var error = Assert.Throws<UpstreamCredentialException>(() =>
            StaticCredential.Create(new UpstreamAuth { Type = UpstreamAuth.Static }, "abc\r\nX-Injected: yes", "remote"));

        Assert.Contains("upstream 'remote'", error.Message);
        Assert.DoesNotContain("X-Injected", error.Message);
    }

    [Theory]
    [InlineData("http://h/mcp", "http://h/mcp?api_key=a%20b%26c")]
    [InlineData("http://h/messages?sessionId=1", "http://h/messages?sessionId=1&api_key=a%20b%26c")]
    public void AQueryCredential_IsAddedToTheUrlEncoded_KeepingItsQuery(string url, string expected) =>
        Assert.Equal(expected, StaticCredentialHandler.WithParameter(new Uri(url), "api_key", "a b&c").AbsoluteUri);
}
