using ModelContextProtocol.Protocol;

namespace Gateway.TestUpstream.Tools;

/// <summary>The RFC 5424 severity names MCP logging uses on the wire, mapped to the SDK enum.</summary>
public static class LoggingLevels
{
    private static readonly (string Name, LoggingLevel Level)[] s_levels =
    [
        ("debug", LoggingLevel.Debug),
        ("info", LoggingLevel.Info),
        ("notice", LoggingLevel.Notice),
        ("warning", LoggingLevel.Warning),
        ("error", LoggingLevel.Error),
        ("critical", LoggingLevel.Critical),
        ("alert", LoggingLevel.Alert),
        ("emergency", LoggingLevel.Emergency),
    ];

    public static LoggingLevel? Parse(string name)
    {
        foreach (var (levelName, level) in s_levels)
        {
            if (string.Equals(levelName, name, StringComparison.OrdinalIgnoreCase))
            {
                return level;
            }
        }

        return null;
    }

    public static string Name(LoggingLevel level) =>
        Array.Find(s_levels, l => l.Level == level).Name ?? level.ToString();
}
