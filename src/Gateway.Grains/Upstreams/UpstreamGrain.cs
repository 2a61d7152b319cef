using Gateway.Catalog;
using Gateway.Pinning;
using Gateway.Protocol;
using Gateway.Upstreams.Network;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ModelContextProtocol.Client;

namespace Gateway.Upstreams;

/// <summary>
/// One upstream's definition and status, its shared connection (which reads the catalog and shows
/// whether the upstream is up), and the publication of that catalog to the catalog grain, with the
/// definition's revision and, while it is down, why. On its way there the catalog passes the tool
/// pins (<see cref="PinningGate"/>), which leave out the tools held for an admin's approval. A
/// failed upstream is retried in the background with capped exponential backoff; meanwhile silos
/// fail its calls at once, naming it.
/// Client sessions' upstream sessions are not here but in each silo's <see cref="UpstreamSessionPool"/>.
/// </summary>
[KeepAlive]
public sealed partial class UpstreamGrain(
    [PersistentState("upstream")] IPersistentState<UpstreamGrainState> stored,
    IUpstreamConnector connector,
    IGrainFactory grains,
    IOptions<CatalogOptions> catalogOptions,
    IConfiguredUpstreams configured,
    TimeProvider time,
    ILogger<UpstreamGrain> logger) : Grain, IUpstreamGrain
{
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);

    private readonly PinningGate _pins = new(grains, catalogOptions.Value.Pinning == CatalogOptions.PinningOn);

    private UpstreamDefinition? _definition;
    private string _revision = "";
    private UpstreamConnection? _shared;
    private int _generation;
    private int _failures;
    private UpstreamState _state = UpstreamState.Unconfigured;
    private string? _error;

    /// <summary>The catalog as the upstream listed it; <see cref="_published"/> is what passed the pins.</summary>
    private UpstreamCatalog? _catalog;
    private UpstreamCatalog? _published;
    private DateTimeOffset? _fetchedAt;
    private IGrainTimer? _retry;

    private string Name => this.GetPrimaryKeyString();

    private ICatalogGrain Catalog => GrainFactory.GetGrain<ICatalogGrain>(ICatalogGrain.ClusterKey);

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // Re-activated on another silo (its old one left or died): carry on with the definition it had.
        if (stored.State.Definition is not { } definition)
        {
            return Task.CompletedTask;
        }

        // A config-file upstream's secrets were never stored: this silo's config file has them.
        var current = definition.FromConfig ? configured.Find(Name) : definition;
        if (current is null)
        {
            LogNotConfiguredHere(logger, Name);
            return Task.CompletedTask;
        }

        _definition = current;
        _revision = UpstreamRevision.Of(current);
        _ = ConnectSharedAsync(++_generation);
        return Task.CompletedTask;
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) => await DisconnectAsync();

    public async Task ConfigureAsync(UpstreamDefinition definition)
    {
        var revision = UpstreamRevision.Of(definition);
        if (_definition is not null && revision == _revision && _state != UpstreamState.Failed)
        {
            return;
        }

        await DisconnectAsync();
        _definition = definition;
        _revision = revision;
        _failures = 0;
        if (stored.State.Revision != revision)
        {
            stored.State = UpstreamGrainState.Of(definition, revision);
            await stored.WriteStateAsync();
        }

        _ = ConnectSharedAsync(++_generation);
    }

    public async Task RemoveAsync()
    {
        _generation++;
        await DisconnectAsync();
        _definition = null;
        _revision = "";
        if (stored.RecordExists)
        {
            await stored.ClearStateAsync();
        }

        _state = UpstreamState.Unconfigured;
        _error = null;
        _catalog = null;
        _published = null;
        await Catalog.RemoveUpstreamAsync(Name);
    }

    public Task<UpstreamStatus> GetStatusAsync() => Task.FromResult(new UpstreamStatus(
        Name,
        _state,
        _error,
        _catalog?.Tools.Count ?? 0,
        (_catalog?.Resources.Count ?? 0) + (_catalog?.ResourceTemplates.Count ?? 0),
        _catalog?.Prompts.Count ?? 0,
        _fetchedAt,
        _catalog is null ? 0 : _pins.Held));

    public Task<UpstreamDefinition?> GetDefinitionAsync() => Task.FromResult(_definition);

    public async Task ReviewPinsAsync()
    {
        if (_catalog is not { } read)
        {
            return;
        }

        try
        {
            var passed = await _pins.PassAsync(read);
            await PublishAsync(passed with { Available = _published?.Available ?? true, Error = _published?.Error });
        }
        catch (Exception ex)
        {
            LogCatalogFailed(logger, Name, ex.Message);
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
            connection = await connector.ConnectAsync(definition, new UpstreamConnectionHooks(RequestRefresh, null), resume: null, CancellationToken.None);
        }
        catch (Exception ex)
        {
            if (generation == _generation)
            {
                // The guard's verdict holds until the configuration or the upstream's DNS changes: no point asking often.
                await FailAsync(UpstreamFailureText.Of(ex), slowly: OutboundAddressRefusedException.FindIn(ex) is not null);
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

            await FailAsync("the connection closed");
        }
    }

    /// <summary>Marks the upstream down in the catalog (so every silo fails its calls fast) and schedules the next attempt.</summary>
    /// <param name="slowly">Wait the longest backoff at once: the failure is not one that passes in seconds.</param>
    private async Task FailAsync(string error, bool slowly = false)
    {
        _state = UpstreamState.Failed;
        _error = error;
        var delay = slowly ? MaxBackoff : TimeSpan.FromSeconds(Math.Min(MaxBackoff.TotalSeconds, Math.Pow(2, _failures++)));
        LogRetry(logger, Name, error, delay.TotalSeconds);
        _retry?.Dispose();
        var generation = ++_generation;
        _retry = this.RegisterGrainTimer(
            _ => ConnectSharedAsync(generation),
            new GrainTimerCreationOptions { DueTime = delay, Period = Timeout.InfiniteTimeSpan, Interleave = true });
        await PublishAsync((_published ?? UpstreamCatalog.Empty(Name)) with { Available = false, Revision = _revision, Error = error });
    }

    private async Task FetchCatalogAsync(UpstreamConnection connection)
    {
        try
        {
            var client = connection.Client;
            var capabilities = client.ServerCapabilities;
            var (tools, execution) = capabilities.Tools is null ? ([], []) : await RawToolList.ReadAsync(client, CancellationToken.None);
            var catalog = new UpstreamCatalog(
                Name,
                tools,
                capabilities.Resources is null ? [] : (await client.ListResourcesAsync()).Select(r => r.ProtocolResource).ToList(),
                capabilities.Resources is null ? [] : (await client.ListResourceTemplatesAsync()).Select(t => t.ProtocolResourceTemplate).ToList(),
                capabilities.Prompts is null ? [] : (await client.ListPromptsAsync()).Select(p => p.ProtocolPrompt).ToList(),
                capabilities.Completions is not null,
                capabilities.Logging is not null,
                capabilities.Resources?.Subscribe == true,
                Available: true,
                Revision: _revision,
                ToolExecution: execution,
                Tasks: UpstreamTaskSupport.Of(connection.DeclaredTasks));

            // The status shows a catalog once it is published, so that "connected with N tools" means they can be called.
            await PublishAsync(await _pins.PassAsync(catalog));
            _catalog = catalog;
            _fetchedAt = time.GetUtcNow();
        }
        catch (Exception ex)
        {
            LogCatalogFailed(logger, Name, ex.Message);
        }
    }

    private async Task PublishAsync(UpstreamCatalog catalog)
    {
        catalog = catalog with { Tenant = _definition?.Tenant };
        _published = catalog;
        try
        {
            await Catalog.PublishAsync(catalog);
        }
        catch (Exception ex)
        {
            LogCatalogFailed(logger, Name, ex.Message);
        }
    }

    /// <summary>Called on the SDK's thread: re-enter the grain through its reference so the refresh runs as a turn.</summary>
    private void RequestRefresh()
    {
        var self = this.AsReference<IUpstreamGrain>();
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

    private async Task DisconnectAsync()
    {
        _retry?.Dispose();
        _retry = null;
        if (_shared is { } shared)
        {
            _shared = null;
            await shared.DisposeAsync();
        }
    }

    [LoggerMessage(EventId = 1300, Level = LogLevel.Information, Message = "Upstream {Upstream} connected over {Transport}")]
    private static partial void LogConnected(ILogger logger, string upstream, string transport);

    [LoggerMessage(EventId = 1301, Level = LogLevel.Warning, Message = "Upstream {Upstream} is unavailable: {Error}; retrying in {DelaySeconds} s")]
    private static partial void LogRetry(ILogger logger, string upstream, [UpstreamText] string error, double delaySeconds);

    [LoggerMessage(EventId = 1308, Level = LogLevel.Warning, Message = "Upstream {Upstream} comes from a config file, and this silo's has no upstream of that name: it stays unconfigured here until a silo configures it")]
    private static partial void LogNotConfiguredHere(ILogger logger, string upstream);

    [LoggerMessage(EventId = 1303, Level = LogLevel.Warning, Message = "Reading the catalog of upstream {Upstream} failed: {Error}")]
    private static partial void LogCatalogFailed(ILogger logger, string upstream, [UpstreamText] string error);
}
