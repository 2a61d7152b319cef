using System.Net;
using Gateway.Cli.Admin;

namespace Gateway.Cli.Tests.Admin;

public sealed class ProblemDetailsFormatterTests
{
    [Fact]
    public void Format_ProblemWithDetail_ReturnsDetail() =>
        Assert.Equal("name taken", ProblemDetailsFormatter.Format(HttpStatusCode.Conflict, """{"title":"Conflict","detail":"name taken"}"""));

    [Fact]
    public void Format_ProblemWithoutDetail_FallsBackToTitle() =>
        Assert.Equal("Conflict", ProblemDetailsFormatter.Format(HttpStatusCode.Conflict, """{"title":"Conflict"}"""));

    [Fact]
    public void Format_ValidationProblem_ListsEveryFieldMessage()
    {
        var text = ProblemDetailsFormatter.Format(
            HttpStatusCode.BadRequest,
            """{"title":"Invalid","detail":"bad upstream","errors":{"url":["is required","must be absolute"],"name":["too long"]}}""");

        Assert.Equal("bad upstream\n  url: is required\n  url: must be absolute\n  name: too long", text);
    }

    [Theory]
    [InlineData(null, "the gateway answered 502 Bad Gateway")]
    [InlineData("", "the gateway answered 502 Bad Gateway")]
    [InlineData("upstream down", "the gateway answered 502 Bad Gateway: upstream down")]
    [InlineData("[1]", "the gateway answered 502 Bad Gateway: [1]")]
    public void Format_BodyThatIsNotAProblem_ShowsStatusAndBody(string? body, string expected) =>
        Assert.Equal(expected, ProblemDetailsFormatter.Format(HttpStatusCode.BadGateway, body));
}
