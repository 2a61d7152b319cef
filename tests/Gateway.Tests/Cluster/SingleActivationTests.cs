using System.Collections.Concurrent;
using Gateway.Runtime;
using Gateway.Runtime.Tests.TestSupport;
using Gateway.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.Tests.Cluster;

/// <summary>
/// Many callers on three silos keep calling the same set of grains while the membership changes (a
/// fourth silo joins, one of the first three leaves): no grain is ever active on two silos at
/// once, and no increment is lost, because each activation claims its grain in the directory
/// before any grain code runs and hands its state over when it leaves.
/// </summary>
public sealed class SingleActivationTests : IAsyncLifetime
{
    private const int Keys = 40;
    private PostgresTestDatabase _database = null!;

    public async Task InitializeAsync() => _database = await PostgresTestDatabase.CreateAsync();

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task ManyCallers_ThroughAJoinAndALeave_NeverSeeAGrainActiveTwice_NorLoseAnIncrement()
    {
        var ledger = new ActivationLedger();
        var clusterId = "single-" + Guid.NewGuid().ToString("N")[..10];
        var silos = new List<RuntimeSilo>();
        void AddGrains(IServiceCollection services) => services.AddSingleton(ledger).AddGrain<ITallyGrain, TallyGrain>();
        for (var i = 0; i < 3; i++)
        {
            silos.Add(await RuntimeSilo.StartAsync(_database.ConnectionString, clusterId, AddGrains));
        }

        await Poll.UntilAsync(() => Task.FromResult(silos.All(s => s.Membership.CurrentView.ActiveSilos.Length == 3)), "three Active silos");
        var callers = silos.ToArray();
        var succeeded = new ConcurrentDictionary<string, int>();
        var failures = new ConcurrentQueue<Exception>();
        var failedPerKey = new ConcurrentDictionary<string, int>();
        using var stop = new CancellationTokenSource();

        var load = Enumerable.Range(0, 12).Select(worker => Task.Run(async () =>
        {
            var random = new Random(worker);
            while (!stop.IsCancellationRequested)
            {
                var key = "k" + random.Next(Keys);
                var caller = Volatile.Read(ref callers)[random.Next(3)];
                try
                {
                    await caller.Grains.GetGrain<ITallyGrain>(key).AddAsync(1);
                    succeeded.AddOrUpdate(key, 1, (_, n) => n + 1);
                }
                catch (Exception ex) when (ex is SiloUnavailableException or InvalidOperationException or OperationCanceledException)
                {
                    // A call caught on the leaving silo may fail; it must not have counted.
                    failures.Enqueue(ex);
                    failedPerKey.AddOrUpdate(key, 1, (_, n) => n + 1);
                }
            }
        })).ToArray();

        await Task.Delay(1000);
        var joined = await RuntimeSilo.StartAsync(_database.ConnectionString, clusterId, AddGrains);
        silos.Add(joined);
        await Poll.UntilAsync(() => Task.FromResult(silos.All(s => s.Membership.CurrentView.ActiveSilos.Length == 4)), "four Active silos");
        await Task.Delay(1000);

        // Callers move off the silo that is about to leave, as clients behind a load balancer would.
        Volatile.Write(ref callers, [silos[0], silos[2], joined]);
        await silos[1].StopAsync();
        await Task.Delay(1500);
        await stop.CancelAsync();
        await Task.WhenAll(load);

        var totals = new Dictionary<string, int>();
        foreach (var key in succeeded.Keys)
        {
            totals[key] = await silos[0].Grains.GetGrain<ITallyGrain>(key).GetAsync();
        }

        foreach (var silo in silos)
        {
            await silo.DisposeAsync();
        }

        Assert.Empty(ledger.Violations);
        Assert.True(ledger.Activations > Keys, $"only {ledger.Activations} activations: the grains never moved");
        Assert.True(succeeded.Values.Sum() > 200, $"only {succeeded.Values.Sum()} calls succeeded");
        // Every answered increment is in the state; only a call that failed may or may not have counted.
        Assert.All(succeeded, pair => Assert.InRange(totals[pair.Key], pair.Value, pair.Value + failedPerKey.GetValueOrDefault(pair.Key)));
        Assert.True(failures.Count < succeeded.Values.Sum() / 10, $"{failures.Count} calls failed: {failures.FirstOrDefault()}");
    }

    public interface ITallyGrain : IGrainWithStringKey
    {
        Task<int> AddAsync(int amount);

        Task<int> GetAsync();
    }

    public sealed class TallyState
    {
        public int Count { get; set; }
    }

    public sealed class TallyGrain([PersistentState("tally")] IPersistentState<TallyState> tally, ActivationLedger ledger) : Grain, ITallyGrain
    {
        public override Task OnActivateAsync(CancellationToken cancellationToken)
        {
            ledger.Enter(GetPrimaryKeyString());
            return Task.CompletedTask;
        }

        public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
        {
            ledger.Leave(GetPrimaryKeyString());
            return Task.CompletedTask;
        }

        public async Task<int> AddAsync(int amount)
        {
            tally.State.Count += amount;
            await tally.WriteStateAsync();
            return tally.State.Count;
        }

        public Task<int> GetAsync() => Task.FromResult(tally.State.Count);
    }

    /// <summary>How many activations of each key are alive right now, across every silo of the process.</summary>
    public sealed class ActivationLedger
    {
        private readonly ConcurrentDictionary<string, int> _alive = new();
        private int _activations;

        public ConcurrentQueue<string> Violations { get; } = new();

        public int Activations => Volatile.Read(ref _activations);

        public void Enter(string key)
        {
            Interlocked.Increment(ref _activations);
            if (_alive.AddOrUpdate(key, 1, (_, n) => n + 1) > 1)
            {
                Violations.Enqueue($"{key} became active while another activation of it was alive");
            }
        }

        public void Leave(string key) => _alive.AddOrUpdate(key, 0, (_, n) => n - 1);
    }
}
