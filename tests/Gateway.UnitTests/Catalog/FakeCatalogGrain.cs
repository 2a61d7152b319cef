using Gateway.Catalog;
using Gateway.UnitTests.Support;

namespace Gateway.UnitTests.Catalog;

/// <summary>The catalog grain as a silo's cache sees it: a version, a snapshot, subscriptions; every call recorded.</summary>
public sealed class FakeCatalogGrain : ICatalogGrain
{
    public const string Version = "version";
    public const string Snapshot = "snapshot";
    public const string Subscribe = "subscribe";
    public const string Unsubscribe = "unsubscribe";

    private CatalogSnapshot _snapshot = CatalogSnapshot.Empty;
    private int _failures;

    public Signals<string> Calls { get; } = new();

    public List<ICatalogObserver> Subscribers { get; } = [];

    public CatalogSnapshot Current
    {
        get => Volatile.Read(ref _snapshot);
        set => Volatile.Write(ref _snapshot, value);
    }

    /// <summary>The next this many version checks throw, as a call to an unreachable silo would.</summary>
    public void FailVersionChecks(int count) => Interlocked.Exchange(ref _failures, count);

    public Task<long> GetVersionAsync()
    {
        Calls.Add(Version);
        return Interlocked.Decrement(ref _failures) >= 0
            ? Task.FromException<long>(new TimeoutException("the catalog grain's silo did not answer"))
            : Task.FromResult(Current.Version);
    }

    public Task<CatalogSnapshot> GetSnapshotAsync()
    {
        Calls.Add(Snapshot);
        return Task.FromResult(Current);
    }

    public Task SubscribeAsync(ICatalogObserver observer)
    {
        lock (Subscribers)
        {
            Subscribers.Add(observer);
        }

        Calls.Add(Subscribe);
        return Task.CompletedTask;
    }

    public Task UnsubscribeAsync(ICatalogObserver observer)
    {
        lock (Subscribers)
        {
            Subscribers.Remove(observer);
        }

        Calls.Add(Unsubscribe);
        return Task.CompletedTask;
    }

    public Task PublishAsync(UpstreamCatalog catalog) => throw new NotSupportedException();

    public Task RemoveUpstreamAsync(string upstream) => throw new NotSupportedException();

    public Task RetainUpstreamsAsync(string[] upstreams) => throw new NotSupportedException();
}
