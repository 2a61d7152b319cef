using Gateway.Catalog;
using Gateway.Protocol;
using Microsoft.Extensions.Hosting;
using ModelContextProtocol.Protocol;

namespace Gateway.Transports.Streams;

/// <summary>
/// Sends list_changed notifications to the standalone streams open on this silo when the catalog
/// gets a new version (MCP: servers that declare listChanged notify on changes).
/// </summary>
public sealed class CatalogChangeNotifier(CatalogCache cache, ClientStreamRegistry streams) : IHostedService
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
        var methods = new List<string>(3);
        if (snapshot.Changes.HasFlag(CatalogChanges.Tools))
        {
            methods.Add(NotificationMethods.ToolListChangedNotification);
        }

        if (snapshot.Changes.HasFlag(CatalogChanges.Resources))
        {
            methods.Add(NotificationMethods.ResourceListChangedNotification);
        }

        if (snapshot.Changes.HasFlag(CatalogChanges.Prompts))
        {
            methods.Add(NotificationMethods.PromptListChangedNotification);
        }

        foreach (var stream in streams.Standalone)
        {
            foreach (var method in methods)
            {
                stream.TryWrite(JsonRpc.Notification(method));
            }
        }
    }
}
