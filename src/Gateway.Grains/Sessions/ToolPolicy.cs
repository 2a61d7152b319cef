using System.IO.Enumeration;
using Microsoft.Extensions.Options;

namespace Gateway.Sessions;

/// <summary>
/// Who may see and call which tools (Gateway:Authorization:Tools). Each rule names a tool pattern
/// ('*' and '?' wildcards, matched against the merged name "upstream__tool" on every endpoint),
/// optionally a virtual server, and the roles allowed. The first rule that matches decides. With
/// no rules every principal may use every tool; with rules, a tool no rule matches is refused.
/// The admin role may use every tool.
/// </summary>
public sealed class ToolAuthorizationOptions
{
    public List<ToolRule> Tools { get; set; } = [];
}

public sealed class ToolRule
{
    /// <summary>A pattern of merged tool names: "github__*", "*__delete_*", "*".</summary>
    public string Tool { get; set; } = "*";

    /// <summary>Only on this virtual server (/servers/{name}/mcp); null: on every endpoint, the merged one included.</summary>
    public string? Server { get; set; }

    public List<string> Roles { get; set; } = [];
}

public sealed class ToolPolicy(IOptions<ToolAuthorizationOptions> options)
{
    private const string AdminRole = "admin";

    public bool IsOpen => options.Value.Tools.Count == 0;

    /// <summary>Null when the roles may call the tool; else the rule's roles (empty: no rule allows it).</summary>
    public IReadOnlyList<string>? Refusal(string qualifiedTool, string? server, IReadOnlyCollection<string>? roles)
    {
        if (IsOpen || roles?.Contains(AdminRole) == true)
        {
            return null;
        }

        var rule = options.Value.Tools.FirstOrDefault(r =>
            (r.Server is null || string.Equals(r.Server, server, StringComparison.Ordinal))
            && FileSystemName.MatchesSimpleExpression(r.Tool, qualifiedTool, ignoreCase: false));
        if (rule is null)
        {
            return [];
        }

        return roles is not null && rule.Roles.Any(roles.Contains) ? null : rule.Roles;
    }

    /// <summary>A key for the set of tools some roles see: views are cached per key.</summary>
    public static string RolesKey(IReadOnlyCollection<string>? roles) => roles is null ? "" : string.Join('\n', roles.Order(StringComparer.Ordinal));
}
