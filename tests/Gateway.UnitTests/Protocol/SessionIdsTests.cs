using Gateway.Protocol;

namespace Gateway.UnitTests.Protocol;

public sealed class SessionIdsTests
{
    [Fact]
    public void ForLog_IsAShortStableHash_ThatShowsNothingOfTheId()
    {
        var id = SessionIds.New();
        var other = SessionIds.New();

        var shown = SessionIds.ForLog(id);

        Assert.Equal(shown, SessionIds.ForLog(id));
        Assert.NotEqual(shown, SessionIds.ForLog(other));
        Assert.Matches("^s:[0-9a-f]{10}$", shown);
        for (var i = 0; i + 6 <= id.Length; i++)
        {
            Assert.DoesNotContain(id.Substring(i, 6), shown[2..]);
        }
    }

    [Theory]
    [InlineData("short")]
    [InlineData("has space in it 0123456789")]
    [InlineData("line\nbreak-0123456789abcdef")]
    public void IsWellFormed_RefusesIdsTheGatewayCouldNotHaveMinted(string id) => Assert.False(SessionIds.IsWellFormed(id));
}
