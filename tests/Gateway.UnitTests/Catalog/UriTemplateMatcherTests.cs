using Gateway.Sessions;

namespace Gateway.UnitTests.Catalog;

public sealed class UriTemplateMatcherTests
{
    [Theory]
    [InlineData("test://items/{id}", "test://items/7", true)]
    [InlineData("test://items/{id}", "test://items/", false)]
    [InlineData("test://items/{id}", "test://other/7", false)]
    [InlineData("file:///{+path}", "file:///a/b/c.txt", true)]
    [InlineData("search://q{?term,limit}", "search://q", true)]
    [InlineData("search://q{?term,limit}", "search://q?term=x", true)]
    [InlineData("users://{id}/profile", "users://42/profile", true)]
    [InlineData("users://{id}/profile", "users://42/settings", false)]
    public void Matches_UrisTheTemplateCouldProduce(string template, string uri, bool expected) =>
        Assert.Equal(expected, UriTemplateMatcher.Matches(template, uri));
}
