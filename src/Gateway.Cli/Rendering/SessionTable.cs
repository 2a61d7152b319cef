using System.Globalization;
using Gateway.Cli.Admin;
using Spectre.Console;

namespace Gateway.Cli.Rendering;

/// <summary>The table of <c>gateway sessions list</c>: whose session, where, and since when.</summary>
public static class SessionTable
{
    public static Table Create(IEnumerable<SessionInfo> sessions)
    {
        var table = new Table()
            .AddColumn("Session")
            .AddColumn("Principal")
            .AddColumn("Tenant")
            .AddColumn("Server")
            .AddColumn("Opened (UTC)")
            .AddColumn("Lease ends (UTC)");
        foreach (var session in sessions)
        {
            table.AddRow(
                new Text(session.Session),
                new Text(session.Principal),
                new Text(session.Tenant ?? "-"),
                new Text(session.Server ?? "/mcp"),
                new Text(Time(session.OpenedAt)),
                new Text(Time(session.LeaseEndsAt)));
        }

        return table;
    }

    private static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
}
