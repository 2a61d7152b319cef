using Gateway.Catalog;
using Gateway.Protocol;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace Gateway.Upstreams;

/// <summary>
/// This silo's upstream sessions: one per (client session, upstream) for stateful upstreams, so
/// state never leaks between clients, and one shared per upstream for stateless ones. Session
/// grains run on the silo that holds their upstream sessions, so a tools/call goes from the
/// session grain straight to the upstream. What an upstream is (its definition) comes from its
/// grain, once per definition revision; whether it is up comes from the catalog snapshot this
/// silo already holds, so neither costs a call on the hot path.
/// </summary>
public sealed partial class UpstreamSessionPool(
    IGrainFactory grains,
    IUpstreamConnector connector,
    UpstreamForwarder forwarder,
    CatalogCache catalog,
    TimeProvider time,
    ILogger<UpstreamSessionPool> logger) : IHostedService
{
    private static readonly TimeSpan IdleLimit = TimeSpan.FromMinutes(30);
    private static readonly TimeSpan SweepInterval = TimeSpan.FromMinutes(5);

    private readonly Lock _gate = new();
    private readonly Dictionary<PoolKey, Pooled> _connections = [];
    private readonly Dictionary<string, (string Revision, Task<UpstreamDefinition?> Definition)> _definitions = new(StringComparer.Ordinal);
    private ITimer? _sweep;

    /// <summary>How many upstream connections this silo holds (stdio processes among them).</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _connections.Count;
            }
        }
    }

    public async Task<UpstreamReply> SendAsync(UpstreamRequest request, UpstreamCatalog? published, CancellationToken cancellationToken)
    {
        if (published is null)
        {
            return NotConfigured(request.Upstream);
        }

        if (!published.Available)
        {
            return Unavailable(request.Upstream, published.Error);
        }

        UpstreamDefinition? definition;
        try
        {
            definition = await DefinitionAsync(request.Upstream, published.Revision);
        }
        catch (Exception ex)
        {
            return Unavailable(request.Upstream, $"its definition could not be read ({ex.Message})");
        }

        if (definition is null)
        {
            return NotConfigured(request.Upstream);
        }

        var key = new PoolKey(definition.Stateless ? null : request.SessionId, request.Upstream);
        var timeout = TimeSpan.FromSeconds(definition.CallTimeoutSeconds);
        using var expiry = new CancellationTokenSource(timeout, time);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, expiry.Token);
        for (var attempt = 0; ; attempt++)
        {
            UpstreamConnection connection;
            try
            {
                // Only a first attempt carries on the recorded session: a retry follows its expiry.
                connection = await OpenAsync(key, definition, published.Revision, request, resume: attempt == 0);
            }
            catch (Exception ex)
            {
                var error = UpstreamFailureText.Of(ex);
                LogOpenFailed(logger, request.Upstream, error);
                return Unavailable(request.Upstream, error);
            }

            var outcome = await forwarder.SendAsync(connection, request, timeout, attempt == 0, deadline.Token, cancellationToken);
            if (outcome.Broke)
            {
                await DropAsync(key, connection);
            }

            if (outcome.Reply is { } reply)
            {
                return !definition.Stateless && connection.Record is { } record && record != request.Resume
                    ? reply with { NewUpstreamSession = record }
                    : reply;
            }
        }
    }

    /// <summary>Sets the level on the upstream sessions this client session opened, and on no other.</summary>
    public async Task SetLevelAsync(string sessionId, LoggingLevel level)
    {
        foreach (var connection in ConnectionsOf(sessionId))
        {
            if (connection is { IsAlive: true, Client.ServerCapabilities.Logging: not null })
            {
                try
                {
                    await connection.Client.SetLoggingLevelAsync(level, null, CancellationToken.None);
                }
                catch (Exception ex)
                {
                    LogOpenFailed(logger, connection.Upstream, ex.Message);
                }
            }
        }
    }

    /// <summary>
    /// Closes every upstream session of a client session (DELETE, or its expiry): those open here,
    /// and those it opened on another silo before it moved here, which are carried on just long
    /// enough to end them, so that the upstream is told either way.
    /// </summary>
    public async Task EndSessionAsync(string sessionId, IReadOnlyDictionary<string, UpstreamSessionRecord> recorded)
    {
        List<(string Upstream, Pooled Pooled)> ended;
        lock (_gate)
        {
            var keys = _connections.Keys.Where(k => k.Session == sessionId).ToList();
            ended = [.. keys.Select(k => (k.Upstream, _connections[k]))];
            keys.ForEach(k => _connections.Remove(k));
        }

        foreach (var (_, pooled) in ended)
        {
            await pooled.DisposeAsync();
        }

        var snapshot = await catalog.GetAsync();
        foreach (var (upstream, record) in recorded)
        {
            if (ended.Any(e => e.Upstream == upstream)
                || !snapshot.UpstreamsByName.TryGetValue(upstream, out var published)
                || published.Revision != record.Revision)
            {
                continue;
            }

            try
            {
                if (await DefinitionAsync(upstream, published.Revision) is { } definition)
                {
                    await using var connection = await connector.ConnectAsync(definition, UpstreamConnectionHooks.None, record, CancellationToken.None);
                }
            }
            catch (Exception ex)
            {
                LogOpenFailed(logger, upstream, ex.Message);
            }
        }
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        catalog.Changed += OnCatalogChanged;
        _sweep = time.CreateTimer(_ => _ = SweepAsync(), null, SweepInterval, SweepInterval);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        catalog.Changed -= OnCatalogChanged;
        _sweep?.Dispose();
        List<Pooled> all;
        lock (_gate)
        {
            all = [.. _connections.Values];
            _connections.Clear();
        }

        // The silo is stopping, its client sessions are not: they carry on elsewhere, and so do
        // their resumable upstream sessions.
        foreach (var pooled in all)
        {
            await pooled.DisposeAsync(leave: true);
        }
    }

    private List<UpstreamConnection> ConnectionsOf(string sessionId)
    {
        lock (_gate)
        {
            return [.. _connections.Where(p => p.Key.Session == sessionId && p.Value.Connecting.IsCompletedSuccessfully)
                .Select(p => p.Value.Connecting.Result)];
        }
    }

    private Task<UpstreamDefinition?> DefinitionAsync(string upstream, string revision)
    {
        lock (_gate)
        {
            if (_definitions.TryGetValue(upstream, out var known) && known.Revision == revision && !known.Definition.IsFaulted)
            {
                return known.Definition;
            }

            // Retried while Orleans rejects it unrun: the upstream's grain may be re-activating after its silo died.
            var grain = grains.GetGrain<IUpstreamGrain>(upstream);
            var fetching = RejectedCallRetry.RunAsync(grain.GetDefinitionAsync, CancellationToken.None);
            _definitions[upstream] = (revision, fetching);
            return fetching;
        }
    }

    private async Task<UpstreamConnection> OpenAsync(PoolKey key, UpstreamDefinition definition, string revision, UpstreamRequest request, bool resume)
    {
        Pooled? stale = null;
        Pooled pooled;
        lock (_gate)
        {
            if (!_connections.TryGetValue(key, out pooled!) || pooled.Revision != revision || pooled.IsDead)
            {
                stale = pooled;
                var record = resume && key.Session is not null && request.Resume?.Revision == revision ? request.Resume : null;
                pooled = new Pooled(revision, ConnectAsync(definition, request, record));
                _connections[key] = pooled;
            }
        }

        if (stale is not null)
        {
            await stale.DisposeAsync();
        }

        try
        {
            return await pooled.Connecting;
        }
        catch
        {
            lock (_gate)
            {
                if (_connections.TryGetValue(key, out var current) && current == pooled)
                {
                    _connections.Remove(key);
                }
            }

            throw;
        }
    }

    private async Task<UpstreamConnection> ConnectAsync(UpstreamDefinition definition, UpstreamRequest request, UpstreamSessionRecord? resume)
    {
        var name = definition.Name;
        var session = definition.Stateless ? null : request.Session;
        var hooks = new UpstreamConnectionHooks(
            () => RequestRefresh(name),
            session is null ? null : async n => await session.PushAsync(n));
        var connection = await connector.ConnectAsync(definition, hooks, resume, CancellationToken.None);

        // Also on a session carried on: the level may have changed since it was opened.
        if (!definition.Stateless && request.LogLevel is { } level && connection.Client.ServerCapabilities.Logging is not null)
        {
            await connection.Client.SetLoggingLevelAsync(level, null, CancellationToken.None);
        }

        connection.LastUsed = time.GetUtcNow();
        return connection;
    }

    private async Task DropAsync(PoolKey key, UpstreamConnection connection)
    {
        lock (_gate)
        {
            if (_connections.TryGetValue(key, out var pooled) && pooled.Connecting.IsCompletedSuccessfully && pooled.Connecting.Result == connection)
            {
                _connections.Remove(key);
            }
        }

        await connection.DisposeAsync();
    }

    /// <summary>Called on the SDK's thread when an upstream session hears list_changed: the upstream's grain re-reads its catalog.</summary>
    private void RequestRefresh(string upstream) => _ = Task.Run(async () =>
    {
        try
        {
            await grains.GetGrain<IUpstreamGrain>(upstream).RefreshCatalogAsync();
        }
        catch (Exception ex)
        {
            LogOpenFailed(logger, upstream, ex.Message);
        }
    });

    /// <summary>An upstream removed or redefined: its connections here go, rather than serve the old definition.</summary>
    private void OnCatalogChanged(CatalogSnapshot snapshot)
    {
        List<Pooled> gone;
        lock (_gate)
        {
            var keys = _connections
                .Where(p => !snapshot.UpstreamsByName.TryGetValue(p.Key.Upstream, out var u) || u.Revision != p.Value.Revision)
                .Select(p => p.Key)
                .ToList();
            gone = [.. keys.Select(k => _connections[k])];
            keys.ForEach(k => _connections.Remove(k));
            foreach (var upstream in _definitions.Keys.Where(u => !snapshot.UpstreamsByName.ContainsKey(u)).ToList())
            {
                _definitions.Remove(upstream);
            }
        }

        foreach (var pooled in gone)
        {
            _ = pooled.DisposeAsync().AsTask();
        }
    }

    private async Task SweepAsync()
    {
        var cutoff = time.GetUtcNow() - IdleLimit;
        List<Pooled> idle;
        lock (_gate)
        {
            var keys = _connections
                .Where(p => p.Value.Connecting.IsCompletedSuccessfully && p.Value.Connecting.Result.LastUsed < cutoff)
                .Select(p => p.Key)
                .ToList();
            idle = [.. keys.Select(k => _connections[k])];
            keys.ForEach(k => _connections.Remove(k));
        }

        foreach (var pooled in idle)
        {
            await pooled.DisposeAsync();
        }
    }

    private static UpstreamReply NotConfigured(string upstream) =>
        UpstreamReply.Failure(GatewayErrorCodes.UpstreamUnavailable, $"Upstream '{upstream}' is not configured");

    private static UpstreamReply Unavailable(string upstream, string? error) => UpstreamReply.Failure(GatewayErrorCodes.UpstreamUnavailable,
        $"Upstream '{upstream}' is unavailable: {error ?? "not connected"} (retrying in the background)");

    /// <summary>Session null: the one connection a stateless upstream shares on this silo.</summary>
    private readonly record struct PoolKey(string? Session, string Upstream);

    private sealed class Pooled(string revision, Task<UpstreamConnection> connecting) : IAsyncDisposable
    {
        public string Revision { get; } = revision;

        public Task<UpstreamConnection> Connecting { get; } = connecting;

        public bool IsDead => Connecting.IsCompletedSuccessfully && !Connecting.Result.IsAlive;

        public ValueTask DisposeAsync() => DisposeAsync(leave: false);

        /// <param name="leave">Leave a resumable upstream session open (<see cref="UpstreamConnection.LeaveAsync"/>).</param>
        public async ValueTask DisposeAsync(bool leave)
        {
            try
            {
                var connection = await Connecting;
                await (leave ? connection.LeaveAsync() : connection.DisposeAsync());
            }
            catch (Exception)
            {
                // It never connected, so there is nothing to close.
            }
        }
    }

    [LoggerMessage(EventId = 1305, Level = LogLevel.Warning, Message = "Upstream {Upstream}: an upstream session could not be used: {Error}")]
    private static partial void LogOpenFailed(ILogger logger, string upstream, string error);
}
