using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Providers;
using Orleans.Storage;

namespace Gateway.Persistence.Tests;

/// <summary>A real silo hosted in the test process, stopped and disposed with the test.</summary>
internal sealed class TestSilo : IAsyncDisposable
{
    private readonly IHost _host;
    private bool _stopped;

    private TestSilo(IHost host) => _host = host;

    public IServiceProvider Services => _host.Services;

    public IGrainFactory Grains => Services.GetRequiredService<IGrainFactory>();

    /// <summary>The default grain storage, as the silo built and initialized it.</summary>
    public IGrainStorage Storage => Services.GetRequiredKeyedService<IGrainStorage>(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME);

    /// <summary>Builds and starts a silo; the silo's start failing throws what it threw.</summary>
    public static async Task<TestSilo> StartAsync(Action<ISiloBuilder> configure)
    {
        // No configuration files, environment variables or console logging of the test machine.
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.UseOrleans(configure);
        var host = builder.Build();
        try
        {
            await host.StartAsync();
        }
        catch
        {
            host.Dispose();
            throw;
        }

        return new TestSilo(host);
    }

    /// <summary>A silo on loopback ports of its own, clustered with nobody, over the given storage.</summary>
    public static Task<TestSilo> StartAloneAsync(Action<ISiloBuilder> storage) =>
        StartAsync(silo =>
        {
            silo.UseLocalhostClustering(LoopbackPort.Next(), LoopbackPort.Next());
            storage(silo);
        });

    public async Task StopAsync()
    {
        if (!_stopped)
        {
            _stopped = true;
            await _host.StopAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _host.Dispose();
    }
}
