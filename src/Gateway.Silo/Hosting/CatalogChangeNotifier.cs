using Gateway.Catalog;
using Gateway.Transports.Streams;
using Gateway.Sessions;
using Microsoft.Extensions.Hosting;

namespace Gateway.Silo.Hosting;

/// <summary>
/// When the catalog gets a new version, tells the session of every standalone stream open on this
/// silo, which sends the list_changed notifications the client needs (MCP: servers that declare
/// listChanged notify on changes). Sessions without an open stream catch up when one opens.
/// </summary>
public sealed class CatalogChangeNotifier(CatalogCache cache, ClientStreamRegistry streams, IGrainFactory grains) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        cache.Changed += OnChanged;
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        cache.Changed -= OnChanged;
        return Task.CompletedTask;
    }

    private void OnChanged(CatalogSnapshot snapshot)
    {
        foreach (var stream in streams.Standalone)
        {
            // One-way: returns at once, so the catalog grain's turn never waits on sessions.
            _ = GrainReferences<IMcpSessionGrain>.Get(grains, stream.SessionId).NotifyCatalogChangedAsync(snapshot.Version, snapshot.Changes);
        }
    }
}
