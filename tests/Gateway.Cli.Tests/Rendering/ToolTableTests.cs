using Gateway.Cli.Rendering;

namespace Gateway.Cli.Tests.Rendering;

public sealed class ToolTableTests
{
    [Theory]
    [InlineData("Echo", "Echoes input", "Echo — Echoes input")]
    [InlineData(null, "Echoes input", "Echoes input")]
    [InlineData("Echo", null, "Echo")]
    [InlineData(null, "First line\nsecond line", "First line …")]
    [InlineData(null, null, "")]
    public void Summary_CombinesTitleAndFirstLineOfDescription(string? title, string? description, string expected) =>
        Assert.Equal(expected, ToolTable.Summary(title, description));

    [Fact]
    public void Summary_LongDescription_IsCutWithEllipsis()
    {
        var summary = ToolTable.Summary(null, new string('x', 300));

        Assert.Equal(100, summary.Length);
        Assert.EndsWith("…", summary);
    }
}
