using System.Globalization;

namespace Gateway.TestUpstream;

/// <summary>How the test upstream was asked to run, parsed from its command line.</summary>
public sealed class UpstreamSettings
{
    public const string Usage =
        "usage: Gateway.TestUpstream (stdio | http [--port N] [--host ADDR] [--stateless]) " +
        "[--name NAME] [--tools-prefix P] [--extra-tools N] [--page-size N] " +
        "[--require-header 'NAME: VALUE'] [--require-query NAME=VALUE] [--bearer-tokens-file PATH]";

    public UpstreamMode Mode { get; init; }

    /// <summary>serverInfo.name; also appears in the text of <c>test://static/hello</c>.</summary>
    public string Name { get; init; } = "test-upstream";

    /// <summary>Prepended to every built-in and extra tool name, so two upstreams can expose distinct names.</summary>
    public string ToolsPrefix { get; init; } = "";

    /// <summary>How many <c>extra_NNN</c> tools to register, for pagination tests.</summary>
    public int ExtraTools { get; init; }

    /// <summary>Page size for tools/list; 0 returns every tool in one page.</summary>
    public int PageSize { get; init; }

    /// <summary>HTTP port; 0 lets the OS choose one (the bound address is printed on stdout).</summary>
    public int Port { get; init; }

    public string Host { get; init; } = "127.0.0.1";

    /// <summary>http: every request to /mcp must carry this header with exactly this value.</summary>
    public (string Name, string Value)? RequiredHeader { get; init; }

    /// <summary>http: every request to /mcp must carry this query parameter with exactly this value.</summary>
    public (string Name, string Value)? RequiredQuery { get; init; }

    /// <summary>http: every request to /mcp must carry <c>Authorization: Bearer T</c> with T a line of this file, read per request.</summary>
    public string? BearerTokensFile { get; init; }

    /// <summary>
    /// http: serve only the sessionless 2026-07-28 revision (server/discover, per-request <c>_meta</c>),
    /// refusing initialize, so a gateway can be tested against an upstream with no sessions at all.
    /// </summary>
    public bool Stateless { get; init; }

    public static UpstreamSettings Parse(IReadOnlyList<string> args)
    {
        if (args.Count == 0)
        {
            throw new ArgumentException("missing mode (stdio or http)");
        }

        var mode = args[0] switch
        {
            "stdio" => UpstreamMode.Stdio,
            "http" => UpstreamMode.Http,
            var other => throw new ArgumentException($"unknown mode '{other}'"),
        };

        string name = "test-upstream", prefix = "", host = "127.0.0.1";
        string? bearerTokensFile = null;
        (string, string)? requiredHeader = null, requiredQuery = null;
        int port = 0, extraTools = 0, pageSize = 0;
        var stateless = false;

        for (var i = 1; i < args.Count; i++)
        {
            var option = args[i];
            if (option == "--stateless")
            {
                // The one flag: it takes no value.
                stateless = mode == UpstreamMode.Http
                    ? true
                    : throw new ArgumentException("option '--stateless' applies to http only: a stdio session lives as long as the process");
                continue;
            }

            var value = i + 1 < args.Count ? args[++i] : throw new ArgumentException($"option '{option}' needs a value");
            switch (option)
            {
                case "--name": name = value; break;
                case "--tools-prefix": prefix = value; break;
                case "--host": host = value; break;
                case "--port": port = ParseCount(option, value, max: 65535); break;
                case "--extra-tools": extraTools = ParseCount(option, value, max: 1000); break;
                case "--page-size": pageSize = ParseCount(option, value, max: int.MaxValue); break;
                case "--require-header": requiredHeader = ParsePair(option, value, ": "); break;
                case "--require-query": requiredQuery = ParsePair(option, value, "="); break;
                case "--bearer-tokens-file": bearerTokensFile = value; break;
                default: throw new ArgumentException($"unknown option '{option}'");
            }
        }

        return new UpstreamSettings
        {
            Mode = mode,
            Name = name,
            ToolsPrefix = prefix,
            Host = host,
            Port = port,
            ExtraTools = extraTools,
            PageSize = pageSize,
            RequiredHeader = requiredHeader,
            RequiredQuery = requiredQuery,
            BearerTokensFile = bearerTokensFile,
            Stateless = stateless,
        };
    }

    private static (string, string) ParsePair(string option, string value, string separator)
    {
        var at = value.IndexOf(separator, StringComparison.Ordinal);
        return at > 0
            ? (value[..at], value[(at + separator.Length)..])
            : throw new ArgumentException($"option '{option}' needs NAME{separator}VALUE, got '{value}'");
    }

    private static int ParseCount(string option, string value, int max) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n <= max
            ? n
            : throw new ArgumentException($"option '{option}' needs an integer between 0 and {max}, got '{value}'");
}
