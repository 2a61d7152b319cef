using System.Net;
using Gateway.Upstreams;
using Gateway.Upstreams.Network;

namespace Gateway.UnitTests.Upstreams;

/// <summary>What an upstream's failure says: the status line of an HTTP error, never its body; the guard's refusal as it is.</summary>
public sealed class UpstreamFailureTextTests
{
    private const string Body = "AccessKeyId=AKIA-SECRET-FROM-THE-BODY";

    [Fact]
    public void Of_HttpErrorWithABody_GivesTheStatusLineOnly()
    {
        var error = new HttpRequestException($"Response status code does not indicate success: 403 (Forbidden). Response body: {Body}", null, HttpStatusCode.Forbidden);

        Assert.Equal("HTTP 403 Forbidden", UpstreamFailureText.Of(error));
    }

    [Fact]
    public void Of_HttpErrorWrappedBySdk_GivesTheStatusLineOnly()
    {
        var inner = new HttpRequestException($"500: {Body}", null, HttpStatusCode.InternalServerError);
        var error = new InvalidOperationException($"Failed to connect: {inner.Message}", new AggregateException(new TimeoutException("first"), inner));

        Assert.Equal("HTTP 500 Internal Server Error", UpstreamFailureText.Of(error));
    }

    [Fact]
    public void Of_Redirect_SaysItIsNotFollowed()
    {
        var error = new HttpRequestException($"302: {Body}", null, HttpStatusCode.Found);

        Assert.Equal("HTTP 302 Found: a redirect, which the gateway does not follow", UpstreamFailureText.Of(error));
    }

    [Fact]
    public void Of_GuardRefusalInsideTheHttpStack_GivesTheRefusal()
    {
        var refusal = new OutboundAddressRefusedException("loop.test", new AddressRefusal(IPAddress.Loopback, "a loopback address"));
        var error = new HttpRequestException($"{refusal.Message} (loop.test:80)", refusal);

        Assert.Equal(
            "refused to connect to loop.test: 127.0.0.1 is a loopback address; allow it with Gateway:Network:AllowedUpstreamHosts or AllowedUpstreamNetworks",
            UpstreamFailureText.Of(error));
    }

    [Fact]
    public void Of_FailureWithoutAResponse_KeepsItsMessage() =>
        Assert.Equal("Connection refused (127.0.0.1:1)", UpstreamFailureText.Of(new HttpRequestException("Connection refused (127.0.0.1:1)")));
}
