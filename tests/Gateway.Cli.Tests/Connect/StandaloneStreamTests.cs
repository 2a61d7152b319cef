using Gateway.Cli.Connect;

namespace Gateway.Cli.Tests.Connect;

public sealed class StandaloneStreamTests
{
    [Theory]
    [InlineData(1, 500)]
    [InlineData(2, 1000)]
    [InlineData(5, 8000)]
    [InlineData(6, 16000)]
    [InlineData(40, 16000)]
    public void Backoff_DoublesFromHalfASecond_UpTo16Seconds(int attempt, int milliseconds)
    {
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), StandaloneStream.Backoff(attempt));
    }
}
