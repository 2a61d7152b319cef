using Gateway.Runtime;
using Gateway.Silo.Configuration;
using Microsoft.Extensions.Options;

namespace Gateway.Silo.Hosting;

/// <summary>
/// Reaches the grain-state store once at start (creating its schema on the way), so that a store
/// that cannot be reached stops the silo with a message naming the setting, instead of failing
/// the first client request that needs state.
/// </summary>
public sealed class StorageStartupCheck(IGrainStorageFactory storage, IOptions<GatewayOptions> options) : IHostedService
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(15);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Limit);
        try
        {
            await storage.Get(IGrainStorageFactory.DefaultName).ReadAsync("startup-check", new GrainId("silo", "startup-check"), timeout.Token);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new InvalidOperationException(
                $"Gateway:Storage: the {options.Value.Storage.Provider} store cannot be reached: {ex.Message}", ex);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
