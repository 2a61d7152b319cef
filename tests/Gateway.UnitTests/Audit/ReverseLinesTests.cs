using System.Text;
using Gateway.Silo.Audit;

namespace Gateway.UnitTests.Audit;

/// <summary>Lines come back newest (last) first, whole, whatever the block boundaries cut through.</summary>
public sealed class ReverseLinesTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(7)]
    [InlineData(4096)]
    public void Lines_ComeBackLastFirst_AcrossBlockBoundaries(int blockSize)
    {
        var lines = new[] { "first", "zweite Zeile: ÄÖÜ €", "", "third\r", "{\"a\":1}" };
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(string.Join('\n', lines) + "\n"));

        var read = ReverseLines.Read(stream, blockSize).ToList();

        Assert.Equal(["{\"a\":1}", "third", "zweite Zeile: ÄÖÜ €", "first"], read);
    }

    [Fact]
    public void ALastLineWithoutNewline_IsReadToo_AndAnEmptyStreamHasNone()
    {
        using var open = new MemoryStream(Encoding.UTF8.GetBytes("one\ntwo"));
        using var empty = new MemoryStream();

        Assert.Equal(["two", "one"], ReverseLines.Read(open, 2).ToList());
        Assert.Empty(ReverseLines.Read(empty).ToList());
    }
}
