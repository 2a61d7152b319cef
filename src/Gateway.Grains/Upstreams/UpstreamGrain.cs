using System.Text.Json;
using Gateway.Catalog;
using Gateway.Protocol;
using Gateway.Runtime;
using Gateway.Sessions;
using Microsoft.Extensions.Logging;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;

namespace Gateway.Upstreams;

/// <summary>
/// Keeps the connections to one upstream: a shared connection that reads the catalog (and serves
/// stateless upstreams), plus one upstream session per client session for stateful upstreams.
/// A failed upstream is retried in the background with capped exponential backoff; meanwhile its
/// calls fail at once with an error naming it.
/// </summary>
[CollectionAgeLimit(AlwaysActive = true)]
public sealed partial class UpstreamGrain(
    [PersistentState("upstream")] IPersistentState<UpstreamGrainState> stored,
    IUpstreamConnector connector,
    TimeProvider time,
    ILogger<UpstreamGrain> logger) : Grain, IUpstreamGrain
{
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan SessionIdleLimit = TimeSpan.FromMinutes(30);

    private readonly Dictionary<string, Task<UpstreamConnection>> _sessions = new(StringComparer.Ordinal);
    private UpstreamDefinition? _definition;
    private UpstreamConnection? _shared;
    private int _generation;
    private int _failures;
    private UpstreamState _state = UpstreamState.Unconfigured;
    private string? _error;
    private UpstreamCatalog? _catalog;
    private DateTimeOffset? _fetchedAt;
    private IGrainTimer? _retry;
    private IGrainTimer? _sweep;

    private string Name => GetPrimaryKeyString();

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _sweep = RegisterGrainTimer(_ => SweepIdleSessionsAsync(), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(5), interleave: true);

        // Re-activated on another silo (its old one left or died): carry on with the definition it had.
        if (stored.State.Definition is { } definition)
        {
            _definition = definition;
            _ = ConnectSharedAsync(++_generation);
        }

        return Task.CompletedTask;
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _sweep?.Dispose();
        await DisconnectAllAsync();
    }

    public async Task ConfigureAsync(UpstreamDefinition definition)
    {
        if (_definition is not null && SameDefinition(_definition, definition) && _state != UpstreamState.Failed)
        {
            return;
        }

        await DisconnectAllAsync();
        _definition = definition;
        _failures = 0;
        if (stored.State.Definition is not { } kept || !SameDefinition(kept, definition))
        {
            stored.State.Definition = definition;
            await stored.WriteStateAsync();
        }

        _ = ConnectSharedAsync(++_generation);
    }

    public async Task RemoveAsync()
    {
        _generation++;
        await DisconnectAllAsync();
        _definition = null;
        if (stored.RecordExists)
        {
            await stored.ClearStateAsync();
        }

        _state = UpstreamState.Unconfigured;
        _error = null;
        _catalog = null;
        await GrainFactory.GetGrain<ICatalogGrain>(ICatalogGrain.ClusterKey).RemoveUpstreamAsync(Name);
    }

    public Task<UpstreamStatus> GetStatusAsync() => Task.FromResult(new UpstreamStatus(
        Name,
        _state,
        _error,
        _catalog?.Tools.Count ?? 0,
        (_catalog?.Resources.Count ?? 0) + (_catalog?.ResourceTemplates.Count ?? 0),
        _catalog?.Prompts.Count ?? 0,
        _fetchedAt));

    public async Task<UpstreamReply> SendAsync(UpstreamRequest request, CancellationToken cancellationToken = default)
    {
        if (_definition is not { } definition)
        {
            return UpstreamReply.Failure(GatewayErrorCodes.UpstreamUnavailable, $"Upstream '{Name}' is not configured");
        }

        if (request.Method == RequestMethods.LoggingSetLevel && !definition.Stateless && !_sessions.ContainsKey(request.SessionId))
        {
            // No upstream session yet: it gets the level when it opens (UpstreamRequest.LogLevel).
            return UpstreamReply.Success(new System.Text.Json.Nodes.JsonObject());
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(definition.CallTimeoutSeconds));
        for (var attempt = 0; ; attempt++)
        {
            var connection = await GetConnectionAsync(definition, request);
            if (connection is null)
            {
                return Unavailable();
            }

            try
            {
                connection.LastUsed = time.GetUtcNow();
                return await connection.SendAsync(request, timeout.Token);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return UpstreamReply.Failure(GatewayErrorCodes.RequestCancelled, $"{request.Method} was cancelled by the client");
            }
            catch (OperationCanceledException)
            {
                return UpstreamReply.Failure(GatewayErrorCodes.UpstreamTimeout,
                    $"Upstream '{Name}' did not answer {request.Method} within {definition.CallTimeoutSeconds:0.###} s");
            }
            catch (Exception ex) when (ex is not McpProtocolException)
            {
                // An expired upstream session never ran the request, so one retry on a fresh
                // session is safe for every method; any other break may have run it, so it is not.
                var expired = connection.SessionExpired || UpstreamConnection.IsSessionExpiry(ex);
                await DropAsync(definition, request.SessionId, connection);
                if (expired && attempt == 0)
                {
                    LogSessionExpired(logger, Name, request.SessionId);
                    continue;
                }

                LogCallFailed(logger, Name, request.Method, ex.Message);
                return UpstreamReply.Failure(GatewayErrorCodes.UpstreamFailed,
                    $"Upstream '{Name}' failed during {request.Method}: {ex.Message}");
            }
        }
    }

    public async Task NotifyAsync(string sessionId, string method, System.Text.Json.Nodes.JsonNode? parameters)
    {
        var connection = _definition is { Stateless: true } ? _shared
            : _sessions.TryGetValue(sessionId, out var pending) && pending.IsCompletedSuccessfully ? pending.Result : null;
        if (connection is { IsAlive: true })
        {
            try
            {
                await connection.NotifyAsync(method, parameters, CancellationToken.None);
            }
            catch (Exception ex)
            {
                LogCallFailed(logger, Name, method, ex.Message);
            }
        }
    }

    public async Task EndSessionAsync(string sessionId)
    {
        if (_sessions.Remove(sessionId, out var pending))
        {
            await DisposeQuietlyAsync(pending);
        }
    }

    public async Task RefreshCatalogAsync()
    {
        if (_shared is { IsAlive: true } shared)
        {
            await FetchCatalogAsync(shared);
        }
        else if (_definition is not null && _state != UpstreamState.Connecting)
        {
            await ConnectSharedAsync(++_generation);
        }
    }

    private UpstreamReply Unavailable() => UpstreamReply.Failure(GatewayErrorCodes.UpstreamUnavailable,
        _state == UpstreamState.Connecting
            ? $"Upstream '{Name}' is unavailable: still connecting"
            : $"Upstream '{Name}' is unavailable: {_error ?? "not connected"} (retrying in the background)");

    private async Task<UpstreamConnection?> GetConnectionAsync(UpstreamDefinition definition, UpstreamRequest request)
    {
        if (definition.Stateless)
        {
            return _shared is { IsAlive: true } ? _shared : null;
        }

        if (_state == UpstreamState.Failed)
        {
            // While the upstream is down, calls fail fast instead of each trying to connect.
            return null;
        }

        if (!_sessions.TryGetValue(request.SessionId, out var pending) || (pending.IsCompletedSuccessfully && !pending.Result.IsAlive))
        {
            pending = OpenSessionAsync(definition, request);
            _sessions[request.SessionId] = pending;
        }

        try
        {
            return await pending;
        }
        catch (Exception ex)
        {
            _sessions.Remove(request.SessionId);
            LogCallFailed(logger, Name, "connect", ex.Message);
            _error = ex.Message;
            return null;
        }
    }

    private async Task<UpstreamConnection> OpenSessionAsync(UpstreamDefinition definition, UpstreamRequest request)
    {
        var session = GrainFactory.GetGrain<IMcpSessionGrain>(request.SessionId);
        var hooks = new UpstreamConnectionHooks(RequestRefresh, async n => await session.PushAsync(n));
        var connection = await connector.ConnectAsync(definition, hooks, CancellationToken.None);
        if (request.LogLevel is { } level && connection.Client.ServerCapabilities.Logging is not null)
        {
            await connection.Client.SetLoggingLevelAsync(level, null, CancellationToken.None);
        }

        return connection;
    }

    private async Task DropAsync(UpstreamDefinition definition, string sessionId, UpstreamConnection connection)
    {
        if (definition.Stateless || connection == _shared)
        {
            if (_shared == connection)
            {
                _shared = null;
                Fail("the connection broke");
            }
        }
        else if (_sessions.TryGetValue(sessionId, out var pending) && pending.IsCompletedSuccessfully && pending.Result == connection)
        {
            _sessions.Remove(sessionId);
        }

        await connection.DisposeAsync();
    }

    private async Task ConnectSharedAsync(int generation)
    {
        if (generation != _generation || _definition is not { } definition)
        {
            return;
        }

        _state = UpstreamState.Connecting;
        UpstreamConnection connection;
        try
        {
            connection = await connector.ConnectAsync(definition, new UpstreamConnectionHooks(RequestRefresh, null), CancellationToken.None);
        }
        catch (Exception ex)
        {
            if (generation == _generation)
            {
                Fail(ex.Message);
                if (_catalog is null)
                {
                    await GrainFactory.GetGrain<ICatalogGrain>(ICatalogGrain.ClusterKey).PublishAsync(UpstreamCatalog.Unavailable(Name));
                }
            }

            return;
        }

        if (generation != _generation)
        {
            await connection.DisposeAsync();
            return;
        }

        _shared = connection;
        _state = UpstreamState.Connected;
        _error = null;
        _failures = 0;
        LogConnected(logger, Name, definition.Transport);
        _ = WatchSharedAsync(connection, generation);
        await FetchCatalogAsync(connection);
    }

    private async Task WatchSharedAsync(UpstreamConnection connection, int generation)
    {
        try
        {
            await connection.Client.Completion;
        }
        catch (Exception)
        {
            // Completion faulting means the same as completing: the connection is gone.
        }

        if (generation == _generation && _shared == connection)
        {
            _shared = null;
            if (connection.SessionExpired)
            {
                // The upstream is up but ended our session: reconnect now, no backoff.
                await ConnectSharedAsync(++_generation);
                return;
            }

            Fail("the connection closed");
        }
    }

    private void Fail(string error)
    {
        _state = UpstreamState.Failed;
        _error = error;
        var delay = TimeSpan.FromSeconds(Math.Min(MaxBackoff.TotalSeconds, Math.Pow(2, _failures++)));
        LogRetry(logger, Name, error, delay.TotalSeconds);
        _retry?.Dispose();
        var generation = ++_generation;
        _retry = RegisterGrainTimer(_ => ConnectSharedAsync(generation), delay, Timeout.InfiniteTimeSpan, interleave: true);
    }

    private async Task FetchCatalogAsync(UpstreamConnection connection)
    {
        try
        {
            var client = connection.Client;
            var capabilities = client.ServerCapabilities;
            var catalog = new UpstreamCatalog(
                Name,
                capabilities.Tools is null ? [] : (await client.ListToolsAsync()).Select(t => t.ProtocolTool).ToList(),
                capabilities.Resources is null ? [] : (await client.ListResourcesAsync()).Select(r => r.ProtocolResource).ToList(),
                capabilities.Resources is null ? [] : (await client.ListResourceTemplatesAsync()).Select(t => t.ProtocolResourceTemplate).ToList(),
                capabilities.Prompts is null ? [] : (await client.ListPromptsAsync()).Select(p => p.ProtocolPrompt).ToList(),
                capabilities.Completions is not null,
                capabilities.Logging is not null,
                capabilities.Resources?.Subscribe == true);
            _catalog = catalog;
            _fetchedAt = time.GetUtcNow();
            await GrainFactory.GetGrain<ICatalogGrain>(ICatalogGrain.ClusterKey).PublishAsync(catalog);
        }
        catch (Exception ex)
        {
            LogCatalogFailed(logger, Name, ex.Message);
        }
    }

    /// <summary>Called on the SDK's thread: re-enter the grain through its proxy so the refresh runs as a turn.</summary>
    private void RequestRefresh()
    {
        var self = GrainFactory.GetGrain<IUpstreamGrain>(Name);
        _ = Task.Run(async () =>
        {
            try
            {
                await self.RefreshCatalogAsync();
            }
            catch (Exception ex)
            {
                LogCatalogFailed(logger, Name, ex.Message);
            }
        });
    }

    private async Task SweepIdleSessionsAsync()
    {
        var cutoff = time.GetUtcNow() - SessionIdleLimit;
        foreach (var (sessionId, pending) in _sessions.ToArray())
        {
            if (pending.IsCompletedSuccessfully && pending.Result.LastUsed < cutoff)
            {
                _sessions.Remove(sessionId);
                await pending.Result.DisposeAsync();
            }
        }
    }

    private async Task DisconnectAllAsync()
    {
        _retry?.Dispose();
        _retry = null;
        var sessions = _sessions.Values.ToArray();
        _sessions.Clear();
        foreach (var pending in sessions)
        {
            await DisposeQuietlyAsync(pending);
        }

        if (_shared is { } shared)
        {
            _shared = null;
            await shared.DisposeAsync();
        }
    }

    private static async Task DisposeQuietlyAsync(Task<UpstreamConnection> pending)
    {
        try
        {
            await (await pending).DisposeAsync();
        }
        catch (Exception)
        {
            // It never connected, so there is nothing to close.
        }
    }

    private static bool SameDefinition(UpstreamDefinition a, UpstreamDefinition b) =>
        JsonSerializer.Serialize(a) == JsonSerializer.Serialize(b);

    [LoggerMessage(EventId = 1300, Level = LogLevel.Information, Message = "Upstream {Upstream} connected over {Transport}")]
    private static partial void LogConnected(ILogger logger, string upstream, string transport);

    [LoggerMessage(EventId = 1301, Level = LogLevel.Warning, Message = "Upstream {Upstream} is unavailable: {Error}; retrying in {DelaySeconds} s")]
    private static partial void LogRetry(ILogger logger, string upstream, string error, double delaySeconds);

    [LoggerMessage(EventId = 1302, Level = LogLevel.Warning, Message = "Upstream {Upstream} failed during {Method}: {Error}")]
    private static partial void LogCallFailed(ILogger logger, string upstream, string method, string error);

    [LoggerMessage(EventId = 1303, Level = LogLevel.Warning, Message = "Reading the catalog of upstream {Upstream} failed: {Error}")]
    private static partial void LogCatalogFailed(ILogger logger, string upstream, string error);

    [LoggerMessage(EventId = 1304, Level = LogLevel.Information, Message = "Upstream {Upstream} expired the session of client session {SessionId}; re-initialising")]
    private static partial void LogSessionExpired(ILogger logger, string upstream, string sessionId);
}
