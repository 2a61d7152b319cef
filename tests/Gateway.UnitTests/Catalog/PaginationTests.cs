using Gateway.Catalog;
using Gateway.Sessions;

namespace Gateway.UnitTests.Catalog;

public sealed class PaginationTests
{
    private static readonly CatalogEntry<int>[] Items = Enumerable.Range(0, 10).Select(i => new CatalogEntry<int>($"t{i:00}", "u", $"t{i:00}", i)).ToArray();

    [Fact]
    public void Page_WalksTheWholeListOnceThroughCursors()
    {
        var seen = new List<string>();
        string? after = null;
        do
        {
            var (page, next) = Pagination.Page(Items, after, 3);
            seen.AddRange(page.Select(p => p.Name));
            after = next is null ? null : Pagination.TryDecode(next, out var last) ? last : throw new InvalidOperationException();
        }
        while (after is not null);

        Assert.Equal(Items.Select(i => i.Name), seen);
    }

    [Fact]
    public void Page_AfterANameThatWasRemoved_ContinuesWithTheNextOne()
    {
        var (page, _) = Pagination.Page(Items.Where(i => i.Name != "t04").ToArray(), "t04", 2);

        Assert.Equal(["t05", "t06"], page.Select(p => p.Name));
    }

    [Fact]
    public void LastPage_HasNoCursor()
    {
        var (page, next) = Pagination.Page(Items, "t07", 5);

        Assert.Equal(2, page.Count);
        Assert.Null(next);
    }

    [Theory]
    [InlineData("%%%")]
    [InlineData("")]
    [InlineData("aGVsbG8")]
    public void TryDecode_RefusesCursorsItDidNotMake(string cursor) => Assert.False(Pagination.TryDecode(cursor, out _));
}
