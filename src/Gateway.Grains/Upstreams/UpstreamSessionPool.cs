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
/// silo already holds, so neither costs a call on the hot path. A stdio upstream's processes are
/// bounded per silo (MaxProcesses) and stopped when their session leaves them unused
/// (ProcessIdleTimeoutSeconds), however many sessions there are.
/// </summary>
public sealed partial class UpstreamSessionPool(
    IGrainFactory grains,
    IUpstreamConnector connector,
    UpstreamForwarder forwarder,
    CatalogCache catalog,
    TimeProvider time,
    ILogger<UpstreamSessionPool> logger) : IHostedService
{
    /// <summary>How long a connection other than a stdio process may go unused; a process has its upstream's ProcessIdleTimeoutSeconds.</summary>
    private static readonly TimeSpan IdleLimit = TimeSpan.FromMinutes(30);

    private readonly Lock _gate = new();
    private readonly Dictionary<PoolKey, PooledConnection> _connections = [];
    private readonly ProcessCounts _processes = new();
    private readonly Dictionary<string, (string Revision, Task<UpstreamDefinition?> Definition)> _definitions = new(StringComparer.Ordinal);
    private readonly SweepSchedule _sweep = new(time);

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

    /// <summary>How many processes of a stdio upstream this silo runs for its client sessions, those starting or stopping included.</summary>
    public int ProcessesOf(string upstream)
    {
        lock (_gate)
        {
            return _processes.Of(upstream);
        }
    }

    /// <summary>The definition the published catalog was made from, or why the upstream cannot be reached.</summary>
    private async Task<(UpstreamDefinition? Definition, UpstreamReply? Refusal)> ResolveAsync(UpstreamRequest request, UpstreamCatalog? published)
    {
        if (published is null)
        {
            return (null, NotConfigured(request.Upstream));
        }

        if (!published.Available)
        {
            return (null, Unavailable(request.Upstream, published.Error));
        }

        try
        {
            return await DefinitionAsync(request.Upstream, published.Revision) is { } definition ? (definition, null) : (null, NotConfigured(request.Upstream));
        }
        catch (Exception ex)
        {
            return (null, Unavailable(request.Upstream, $"its definition could not be read ({ex.Message})"));
        }
    }

    public async Task<UpstreamReply> SendAsync(UpstreamRequest request, UpstreamCatalog? published, CancellationToken cancellationToken)
    {
        var (definition, refusal) = await ResolveAsync(request, published);
        if (definition is null)
        {
            return refusal!;
        }

        // One connection serves every session of a stateless upstream, so its updates could not be told apart by subscriber.
        if (definition.Stateless && request.Method is RequestMethods.ResourcesSubscribe or RequestMethods.ResourcesUnsubscribe)
        {
            return UpstreamReply.Failure(GatewayErrorCodes.InvalidParams,
                $"Upstream '{request.Upstream}' is stateless: its one connection serves every session, so the gateway does not forward resource subscriptions to it");
        }

        var key = new PoolKey(definition.Stateless ? null : request.SessionId, request.Upstream);
        var timeout = request.Timeout ?? TimeSpan.FromSeconds(definition.CallTimeoutSeconds);
        using var expiry = new CancellationTokenSource(timeout, time);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, expiry.Token);
        for (var attempt = 0; ; attempt++)
        {
            // Only a first attempt carries on the recorded session: a retry follows its expiry.
            if (await AcquireAsync(key, definition, published!.Revision, request, resume: attempt == 0) is not { } pooled)
            {
                LogAtProcessLimit(logger, request.Upstream, definition.MaxProcesses, SessionIds.ForLog(request.SessionId));
                return AtProcessLimit(definition);
            }

            try
            {
                UpstreamConnection connection;
                try
                {
                    connection = await pooled.Connecting;
                }
                catch (Exception ex)
                {
                    await DropAsync(key, pooled);
                    var error = UpstreamFailureText.Of(ex);
                    LogOpenFailed(logger, request.Upstream, error);
                    return Unavailable(request.Upstream, error);
                }

                var outcome = await forwarder.SendAsync(connection, request, timeout, attempt == 0, deadline.Token, cancellationToken);
                if (outcome.Broke)
                {
                    await DropAsync(key, pooled);
                }

                if (outcome.Reply is { } reply)
                {
                    return !definition.Stateless && connection.Record is { } record && record != request.Resume
                        ? reply with { NewUpstreamSession = record }
                        : reply;
                }
            }
            finally
            {
                Release(pooled);
            }
        }
    }

    /// <summary>
    /// The client's answer to a request an upstream session of its asked before the session moved
    /// here (its silo died or stopped): sent to that upstream session, carried on from its record
    /// when this silo has it not open. False when it could not be sent.
    /// </summary>
    public async Task<bool> AnswerAsync(UpstreamRequest request, UpstreamCatalog? published, JsonRpcMessage answer)
    {
        var (definition, refusal) = await ResolveAsync(request, published);
        if (definition is null)
        {
            LogAnswerNotSent(logger, request.Upstream, refusal!.Error?.Message ?? "unreachable");
            return false;
        }

        var key = new PoolKey(definition.Stateless ? null : request.SessionId, request.Upstream);
        if (await AcquireAsync(key, definition, published!.Revision, request, resume: true) is not { } pooled)
        {
            LogAnswerNotSent(logger, request.Upstream, $"at its limit of {definition.MaxProcesses} processes");
            return false;
        }

        try
        {
            var connection = await pooled.Connecting;
            await connection.Client.SendMessageAsync(answer, CancellationToken.None);
            return true;
        }
        catch (Exception ex)
        {
            LogAnswerNotSent(logger, request.Upstream, UpstreamFailureText.Of(ex));
            return false;
        }
        finally
        {
            Release(pooled);
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

    /// <summary>Passes a client's notification (roots/list_changed) on to every upstream session it opened here.</summary>
    public async Task NotifyAsync(string sessionId, string method)
    {
        foreach (var connection in ConnectionsOf(sessionId).Where(c => c.IsAlive))
        {
            try
            {
                await connection.NotifyAsync(method, null, CancellationToken.None);
            }
            catch (Exception ex)
            {
                LogOpenFailed(logger, connection.Upstream, ex.Message);
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
        List<PooledConnection> ended;
        lock (_gate)
        {
            var keys = _connections.Keys.Where(k => k.Session == sessionId).ToList();
            ended = [.. keys.Select(k => _connections[k])];
            keys.ForEach(k => _connections.Remove(k));
        }

        foreach (var pooled in ended)
        {
            await CloseAsync(pooled);
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
        _sweep.Start(SweepAsync);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        catalog.Changed -= OnCatalogChanged;
        _sweep.Dispose();
        List<PooledConnection> all;
        lock (_gate)
        {
            all = [.. _connections.Values];
            _connections.Clear();
        }

        // The silo is stopping, its client sessions are not: they carry on elsewhere, and so do
        // their resumable upstream sessions.
        foreach (var pooled in all)
        {
            await CloseAsync(pooled, leave: true);
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

    /// <summary>
    /// The key's connection, marked in use: the one it holds, or a new one. A stale one (an older
    /// revision, or dead) is closed first, so the process it held is gone before another starts.
    /// Null when a new stdio process would go beyond the upstream's MaxProcesses; processes are
    /// counted under the lock from before they start until they have stopped, so concurrent first
    /// calls never start more. Another session's process is never taken: it holds that session's state.
    /// </summary>
    private async Task<PooledConnection?> AcquireAsync(PoolKey key, UpstreamDefinition definition, string revision, UpstreamRequest request, bool resume)
    {
        var isProcess = definition.Transport == UpstreamTransports.Stdio;
        while (true)
        {
            PooledConnection? stale;
            lock (_gate)
            {
                if (_connections.TryGetValue(key, out var held))
                {
                    if (held.Revision == revision && !held.IsDead)
                    {
                        held.Acquire();
                        return held;
                    }

                    _connections.Remove(key);
                    stale = held;
                }
                else if (isProcess && !_processes.TryAdd(key.Upstream, definition.MaxProcesses))
                {
                    return null;
                }
                else
                {
                    var record = resume && key.Session is not null && request.Resume?.Revision == revision ? request.Resume : null;
                    var idleLimit = isProcess ? TimeSpan.FromSeconds(definition.ProcessIdleTimeoutSeconds) : IdleLimit;

                    // Started off the lock: a process start takes a while.
                    var opened = new PooledConnection(key.Upstream, revision, isProcess, idleLimit,
                        Task.Run(() => ConnectAsync(definition, request, record)), time.GetUtcNow());
                    _connections[key] = opened;
                    _sweep.Cover(idleLimit);
                    opened.Acquire();
                    return opened;
                }
            }

            await CloseAsync(stale);
        }
    }

    private void Release(PooledConnection pooled)
    {
        lock (_gate)
        {
            pooled.Release(time.GetUtcNow());
        }
    }

    /// <summary>
    /// Closes a connection taken out of the pool; whoever takes it out closes it, exactly once.
    /// A process stops counting against its upstream's limit only once it has stopped.
    /// </summary>
    private async Task CloseAsync(PooledConnection pooled, bool leave = false)
    {
        await pooled.CloseAsync(leave);
        if (pooled.IsProcess)
        {
            lock (_gate)
            {
                _processes.Remove(pooled.Upstream);
            }
        }
    }

    private async Task<UpstreamConnection> ConnectAsync(UpstreamDefinition definition, UpstreamRequest request, UpstreamSessionRecord? resume)
    {
        var name = definition.Name;
        var session = definition.Stateless ? null : request.Session;
        var hooks = new UpstreamConnectionHooks(
            () => RequestRefresh(name),
            session is null ? null : async n => await (n.Method == TaskMethods.StatusNotification ? session.PushTaskStatusAsync(name, n) : session.PushAsync(n)),
            session is null ? null : ClientOffers.Of(request.ClientCapabilities),
            session is null ? null : (r, ct) => session.AskClientAsync(name, r, ct));
        var connection = await connector.ConnectAsync(definition, hooks, resume, CancellationToken.None);

        // Also on a session carried on: the level may have changed since it was opened.
        if (!definition.Stateless && request.LogLevel is { } level && connection.Client.ServerCapabilities.Logging is not null)
        {
            await connection.Client.SetLoggingLevelAsync(level, null, CancellationToken.None);
        }

        // A fresh upstream session (another silo, a restarted process) knows nothing of the client's subscriptions.
        if (!definition.Stateless && !connection.IsResumed && request.Subscriptions is { Count: > 0 } subscriptions)
        {
            await ResubscribeAsync(connection, [.. subscriptions.Where(s => s.Value == name).Select(s => s.Key)]);
        }

        return connection;
    }

    private async Task ResubscribeAsync(UpstreamConnection connection, IReadOnlyList<string> uris)
    {
        foreach (var uri in uris)
        {
            try
            {
                await connection.Client.SubscribeToResourceAsync(uri, null, CancellationToken.None);
            }
            catch (Exception ex)
            {
                LogResubscribeFailed(logger, connection.Upstream, ex.Message);
            }
        }
    }

    /// <summary>Takes a connection that broke or never opened out of the pool, unless another call already did.</summary>
    private async Task DropAsync(PoolKey key, PooledConnection pooled)
    {
        bool removed;
        lock (_gate)
        {
            removed = _connections.TryGetValue(key, out var current) && current == pooled && _connections.Remove(key);
        }

        if (removed)
        {
            await CloseAsync(pooled);
        }
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
        List<PooledConnection> gone;
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
            _ = CloseAsync(pooled);
        }
    }

    /// <summary>
    /// Closes what no request has used for longer than its idle limit: 30 min for a connection,
    /// the upstream's ProcessIdleTimeoutSeconds for a stdio process, whose session's next call
    /// starts a fresh one (the old one's state is gone, which is what an idle timeout means).
    /// </summary>
    private async Task SweepAsync()
    {
        var now = time.GetUtcNow();
        List<PooledConnection> idle;
        lock (_gate)
        {
            var keys = _connections.Where(p => p.Value.IsIdle(now)).Select(p => p.Key).ToList();
            idle = [.. keys.Select(k => _connections[k])];
            keys.ForEach(k => _connections.Remove(k));
        }

        foreach (var pooled in idle)
        {
            if (pooled.IsProcess)
            {
                LogProcessIdle(logger, pooled.Upstream, pooled.IdleLimit.TotalSeconds);
            }

            await CloseAsync(pooled);
        }
    }

    private static UpstreamReply NotConfigured(string upstream) =>
        UpstreamReply.Failure(GatewayErrorCodes.UpstreamUnavailable, $"Upstream '{upstream}' is not configured");

    private static UpstreamReply Unavailable(string upstream, string? error) => UpstreamReply.Failure(GatewayErrorCodes.UpstreamUnavailable,
        $"Upstream '{upstream}' is unavailable: {error ?? "not connected"} (retrying in the background)");

    private static UpstreamReply AtProcessLimit(UpstreamDefinition definition) => UpstreamReply.Failure(GatewayErrorCodes.UpstreamUnavailable,
        $"Upstream '{definition.Name}' is running its limit of {definition.MaxProcesses} process{(definition.MaxProcesses == 1 ? "" : "es")} " +
        "(MaxProcesses) on this node; close idle sessions or raise MaxProcesses");

    /// <summary>Session null: the one connection a stateless upstream shares on this silo.</summary>
    private readonly record struct PoolKey(string? Session, string Upstream);

    [LoggerMessage(EventId = 1309, Level = LogLevel.Warning, Message = "Upstream {Upstream}: a client's resource subscription could not be renewed on a new upstream session: {Error}")]
    private static partial void LogResubscribeFailed(ILogger logger, string upstream, [UpstreamText] string error);

    [LoggerMessage(EventId = 1305, Level = LogLevel.Warning, Message = "Upstream {Upstream}: an upstream session could not be used: {Error}")]
    private static partial void LogOpenFailed(ILogger logger, string upstream, [UpstreamText] string error);

    [LoggerMessage(EventId = 1306, Level = LogLevel.Warning,
        Message = "Upstream {Upstream} refused a process for client session {SessionId}: this silo runs its limit of {MaxProcesses} (MaxProcesses)")]
    private static partial void LogAtProcessLimit(ILogger logger, string upstream, int maxProcesses, string sessionId);

    [LoggerMessage(EventId = 1307, Level = LogLevel.Information,
        Message = "Upstream {Upstream}: stopped a process its session left unused for over {IdleSeconds} s (ProcessIdleTimeoutSeconds)")]
    private static partial void LogProcessIdle(ILogger logger, string upstream, double idleSeconds);

    [LoggerMessage(EventId = 1311, Level = LogLevel.Warning,
        Message = "Upstream {Upstream}: a client's answer to a request asked before its session moved could not be sent: {Error}")]
    private static partial void LogAnswerNotSent(ILogger logger, string upstream, [UpstreamText] string error);
}
