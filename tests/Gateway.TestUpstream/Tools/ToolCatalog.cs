using System.Collections.Immutable;
using ModelContextProtocol.Protocol;

namespace Gateway.TestUpstream.Tools;

/// <summary>
/// The process-wide tool list. Every MCP session reads the same catalog, so a tool added or
/// changed at run time (add_tool, set_description, rename_tool) is seen by every session. Readers take the current immutable snapshot without
/// locking; writers swap in a new one.
/// </summary>
public sealed class ToolCatalog
{
    private readonly Lock _writeLock = new();
    private volatile Snapshot _snapshot = new([], ImmutableDictionary<string, TestTool>.Empty.WithComparers(StringComparer.Ordinal));

    public int Count => _snapshot.Ordered.Length;

    public bool TryGet(string name, out TestTool tool) => _snapshot.ByName.TryGetValue(name, out tool!);

    /// <summary>Adds a tool unless one with that name exists; returns whether the list changed.</summary>
    public bool TryAdd(TestTool tool)
    {
        lock (_writeLock)
        {
            var current = _snapshot;
            if (current.ByName.ContainsKey(tool.Name))
            {
                return false;
            }

            _snapshot = new(current.Ordered.Add(tool), current.ByName.Add(tool.Name, tool));
            return true;
        }
    }

    /// <summary>
    /// Replaces the tool named <paramref name="name"/> by <paramref name="change"/>'s result, in its
    /// place in the list. False when no tool has that name, or the result takes another tool's name.
    /// </summary>
    public bool TryReplace(string name, Func<TestTool, TestTool> change)
    {
        lock (_writeLock)
        {
            var current = _snapshot;
            if (!current.ByName.TryGetValue(name, out var old))
            {
                return false;
            }

            var replacement = change(old);
            if (replacement.Name != name && current.ByName.ContainsKey(replacement.Name))
            {
                return false;
            }

            _snapshot = new(current.Ordered.Replace(old, replacement), current.ByName.Remove(name).Add(replacement.Name, replacement));
            return true;
        }
    }

    /// <summary>One tools/list page; <paramref name="pageSize"/> 0 means everything in one page.</summary>
    public ListToolsResult ListPage(string? cursor, int pageSize)
    {
        var tools = _snapshot.Ordered;
        var offset = Math.Min(ToolCursor.Decode(cursor), tools.Length);
        var count = pageSize > 0 ? Math.Min(pageSize, tools.Length - offset) : tools.Length - offset;
        var end = offset + count;

        return new ListToolsResult
        {
            Tools = [.. tools.Skip(offset).Take(count).Select(t => t.Definition)],
            NextCursor = end < tools.Length ? ToolCursor.Encode(end) : null,
        };
    }

    private sealed record Snapshot(ImmutableArray<TestTool> Ordered, ImmutableDictionary<string, TestTool> ByName);
}
