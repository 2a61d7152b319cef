using Gateway.Audit;

namespace Gateway.UnitTests.Audit;

/// <summary>Every filter given must match: principal, tool and tenant exactly, time from since on.</summary>
public sealed class AuditQueryTests
{
    private static readonly DateTimeOffset Noon = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    private static readonly AuditEntry Call = new()
    {
        Kind = AuditKinds.Mcp, Principal = "key:ana", Tool = "fixed__echo", Outcome = AuditOutcomes.Ok, Time = Noon,
    };

    [Theory]
    [InlineData(null, null, true)]
    [InlineData("key:ana", null, true)]
    [InlineData("key:ANA", null, false)]
    [InlineData("key:an", null, false)]
    [InlineData(null, "fixed__echo", true)]
    [InlineData(null, "fixed__", false)]
    [InlineData("key:ana", "fixed__echo", true)]
    [InlineData("key:bob", "fixed__echo", false)]
    public void PrincipalAndTool_MatchWhole(string? principal, string? tool, bool matches) =>
        Assert.Equal(matches, new AuditQuery(principal, tool, null, 10).Matches(Call));

    [Fact]
    public void Since_KeepsLinesFromThatTimeOn()
    {
        Assert.True(new AuditQuery(null, null, Noon, 10).Matches(Call));
        Assert.True(new AuditQuery(null, null, Noon.AddHours(1).ToOffset(TimeSpan.FromHours(1)), 10).Matches(Call with { Time = Noon.AddHours(1) }));
        Assert.False(new AuditQuery(null, null, Noon.AddTicks(1), 10).Matches(Call));
    }

    [Fact]
    public void AToolFilter_LeavesOutLinesWithoutATool()
    {
        var admin = new AuditEntry { Kind = AuditKinds.Admin, Principal = "key:ana", Action = "key.create", Outcome = AuditOutcomes.Ok, Time = Noon };

        Assert.False(new AuditQuery(null, "fixed__echo", null, 10).Matches(admin));
        Assert.True(new AuditQuery("key:ana", null, null, 10).Matches(admin));
    }

    [Theory]
    [InlineData(null, "acme", true)]
    [InlineData("acme", "acme", true)]
    [InlineData("acme", "ACME", false)]
    [InlineData("acme", "globex", false)]
    [InlineData("acme", null, false)]
    public void Tenant_MatchesWhole_AndLeavesOutLinesOfNoTenant(string? tenant, string? lineTenant, bool matches) =>
        Assert.Equal(matches, new AuditQuery(null, null, null, 10, tenant).Matches(Call with { Tenant = lineTenant }));
}
