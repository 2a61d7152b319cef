using System.Collections.Frozen;

namespace Gateway.Sessions.Handlers;

/// <summary>The handlers of this silo, by method: a session looks its request's method up here.</summary>
public sealed class SessionRequestHandlers(IEnumerable<ISessionRequestHandler> handlers)
{
    private readonly FrozenDictionary<string, ISessionRequestHandler> _byMethod =
        handlers.ToFrozenDictionary(h => h.Method, StringComparer.Ordinal);

    public ISessionRequestHandler? Find(string method) => _byMethod.GetValueOrDefault(method);
}
