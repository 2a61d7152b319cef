using System.Collections.Immutable;

namespace Gateway.TestUpstream.Sessions;

/// <summary>The MCP sessions currently open in this process, for fan-out of list_changed and resources/updated notifications.</summary>
public sealed class SessionRegistry
{
    private ImmutableDictionary<string, UpstreamSession> _sessions = ImmutableDictionary.Create<string, UpstreamSession>(StringComparer.Ordinal);

    public IEnumerable<UpstreamSession> Open => Volatile.Read(ref _sessions).Values;

    public void Add(UpstreamSession session) => ImmutableInterlocked.TryAdd(ref _sessions, session.Id, session);

    public void Remove(UpstreamSession session) => ImmutableInterlocked.TryRemove(ref _sessions, session.Id, out _);

    /// <summary>Cancels every open session's running calls, so that stopping the process does not wait for them.</summary>
    public void EndAll()
    {
        foreach (var session in Open)
        {
            session.End();
        }
    }
}
