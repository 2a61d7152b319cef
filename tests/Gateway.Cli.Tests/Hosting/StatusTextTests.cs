using System.Net;
using Gateway.Cli.Hosting;

namespace Gateway.Cli.Tests.Hosting;

public sealed class StatusTextTests
{
    [Theory]
    [InlineData(HttpStatusCode.NotFound, "404 Not Found")]
    [InlineData(HttpStatusCode.Conflict, "409 Conflict")]
    [InlineData(HttpStatusCode.BadGateway, "502 Bad Gateway")]
    public void Of_SpellsTheReasonWithSpaces(HttpStatusCode status, string expected) =>
        Assert.Equal(expected, StatusText.Of(status));
}
