using System.Net;
using Gateway.Cli.Hosting;

namespace Gateway.Cli.Tests.Hosting;

public sealed class HttpFailureTextTests
{
    [Fact]
    public void Describe_ProblemBody_UsesItsDetail() =>
        Assert.Equal(
            "the gateway answered 404 Not Found: unknown server 'ghost'",
            HttpFailureText.Describe(HttpStatusCode.NotFound, """Response status code does not indicate success: 404 (Not Found). Response body: {"title":"Not Found","detail":"unknown server 'ghost'"}"""));

    [Fact]
    public void Describe_JsonRpcErrorBody_UsesItsMessage() =>
        Assert.Equal(
            "the gateway answered 400 Bad Request: Session not found",
            HttpFailureText.Describe(HttpStatusCode.BadRequest, """Response status code does not indicate success: 400. Response body: {"jsonrpc":"2.0","error":{"code":-32001,"message":"Session not found"},"id":null}"""));

    [Fact]
    public void Describe_HtmlBody_IsLeftOut() =>
        Assert.Equal(
            "the gateway answered 500 Internal Server Error",
            HttpFailureText.Describe(HttpStatusCode.InternalServerError, "Response status code does not indicate success: 500. Response body: <!DOCTYPE html>\n<html></html>"));
}
