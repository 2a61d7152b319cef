using Gateway.Runtime.Membership;
using Gateway.Runtime.Tests.TestSupport;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Gateway.Runtime.Tests.Membership;

/// <summary>
/// Several membership agents in one process over one table, on one fake clock. Time moves only in
/// <see cref="StepAsync"/>: one tick, then a wait (polling with a deadline, no sleeps) until every
/// live agent has finished that tick's heartbeat and table read, so each step is a whole round.
/// </summary>
internal sealed class MembershipTestCluster : IAsyncDisposable
{
    public static readonly TimeSpan Tick = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan FailureTimeout = TimeSpan.FromSeconds(3);

    private readonly Func<IMembershipTable> _openTable;
    private readonly List<MembershipAgent> _agents = [];
    private readonly List<IMembershipTable> _opened = [];
    private readonly ILoggerFactory _loggers;

    /// <param name="openTable">A handle on the shared table for each new silo; by default they all share one in-memory table.</param>
    public MembershipTestCluster(Func<IMembershipTable>? openTable = null)
    {
        var shared = openTable is null ? new InMemoryMembershipTable() : null;
        _openTable = openTable ?? (() => shared!);
        _loggers = LoggerFactory.Create(builder => builder.AddProvider(Logs).SetMinimumLevel(LogLevel.Debug));
        Table = new ObservedMembershipTable(OpenTable());
    }

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero));

    public TestLogs Logs { get; } = new();

    /// <summary>The test's own handle on the table, recording the statuses the silos write through it.</summary>
    public ObservedMembershipTable Table { get; }

    public static MembershipOptions Options(int siloPort, string host = "10.0.0.1") => new()
    {
        ClusterId = "test-cluster",
        AdvertisedAddress = host,
        SiloPort = siloPort,
        HttpPort = siloPort + 1000,
        SiloName = $"silo-{siloPort}",
        HeartbeatInterval = Tick,
        TableRefreshInterval = Tick,
        FailureTimeout = FailureTimeout,
    };

    /// <summary>A silo on <paramref name="siloPort"/>; it writes through <paramref name="table"/>, or through <see cref="Table"/>.</summary>
    public MembershipAgent CreateAgent(int siloPort, IMembershipTable? table = null, Action<MembershipOptions>? configure = null)
    {
        var options = Options(siloPort);
        configure?.Invoke(options);
        var agent = new MembershipAgent(
            table ?? Table, Microsoft.Extensions.Options.Options.Create(options), Clock, _loggers.CreateLogger<MembershipAgent>());
        _agents.Add(agent);
        return agent;
    }

    public async Task<MembershipAgent> StartAgentAsync(int siloPort, IMembershipTable? table = null)
    {
        var agent = CreateAgent(siloPort, table);
        await agent.StartAsync(CancellationToken.None).Within();
        return agent;
    }

    /// <summary>A handle on the shared table as another process would have (a new connection pool for PostgreSQL).</summary>
    public IMembershipTable OpenTable()
    {
        var table = _openTable();
        _opened.Add(table);
        return table;
    }

    /// <summary>One tick of the clock, then waits until each live agent has run its heartbeat and table read of it.</summary>
    public async Task StepAsync(params MembershipAgent[] live)
    {
        var before = live.Select(agent => (Agent: agent, Heartbeats: agent.HeartbeatTicks, Refreshes: agent.RefreshTicks)).ToArray();
        Clock.Advance(Tick);
        await Eventually.TrueAsync(
            () => before.All(b => b.Agent.IsDeclaredDead || (b.Agent.HeartbeatTicks > b.Heartbeats && b.Agent.RefreshTicks > b.Refreshes)),
            "every live silo has run the heartbeat and table read of this tick");
    }

    /// <summary>Steps until <paramref name="done"/> holds; returns how many steps that took.</summary>
    public async Task<int> StepUntilAsync(Func<bool> done, int maxSteps, params MembershipAgent[] live)
    {
        for (var step = 1; step <= maxSteps; step++)
        {
            await StepAsync(live);
            if (done())
            {
                return step;
            }
        }

        throw new TimeoutException($"Still not done after {maxSteps} steps of {Tick}.");
    }

    public async Task<MembershipEntry> RowOfAsync(SiloAddress silo) =>
        (await Table.ReadAllAsync(CancellationToken.None)).Find(silo)?.Entry
        ?? throw new InvalidOperationException($"Silo {silo} has no row.");

    public static IEnumerable<SiloAddress> SilosIn(MembershipAgent agent) => agent.CurrentView.ActiveSilos.Select(entry => entry.Silo);

    public async ValueTask DisposeAsync()
    {
        foreach (var agent in _agents)
        {
            await agent.DisposeAsync();
        }

        foreach (var table in _opened.Distinct())
        {
            if (table is IAsyncDisposable disposable)
            {
                await disposable.DisposeAsync();
            }
        }

        _loggers.Dispose();
    }
}
