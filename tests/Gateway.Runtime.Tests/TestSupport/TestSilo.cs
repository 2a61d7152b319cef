using Gateway.Runtime.Tests.Grains;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Gateway.Runtime.Tests.TestSupport;

/// <summary>
/// A single silo in the test process: the grain runtime with every test grain, memory storage as the
/// default provider, a fake clock and a probe. Disposing it stops the host's services as a real
/// host would (deactivating every grain) and then disposes the container.
/// </summary>
public sealed class TestSilo : IAsyncDisposable
{
    public static readonly TimeSpan CollectionAge = TimeSpan.FromMinutes(10);
    public static readonly TimeSpan CollectionQuantum = TimeSpan.FromMinutes(1);

    private readonly ServiceProvider _services;
    private readonly IHostedService[] _hostedServices;

    private TestSilo(ServiceProvider services)
    {
        _services = services;
        _hostedServices = [.. services.GetServices<IHostedService>()];
    }

    public IServiceProvider Services => _services;

    public FakeTimeProvider Time => _services.GetRequiredService<FakeTimeProvider>();

    public GrainProbe Probe => _services.GetRequiredService<GrainProbe>();

    public TestLogs Logs => _services.GetRequiredService<TestLogs>();

    public IGrainFactory Grains => _services.GetRequiredService<IGrainFactory>();

    public IActivationCatalog Catalog => _services.GetRequiredService<IActivationCatalog>();

    public static async Task<TestSilo> StartAsync(
        Action<IServiceCollection>? configure = null, Action<GrainRuntimeOptions>? options = null)
    {
        var services = new ServiceCollection();
        var time = new FakeTimeProvider();
        var logs = new TestLogs();
        services.AddSingleton(time);
        services.AddSingleton<TimeProvider>(time);
        services.AddSingleton<GrainProbe>();
        services.AddSingleton(logs);
        services.AddLogging(logging => logging.AddProvider(logs).SetMinimumLevel(LogLevel.Debug));
        services.AddGrainRuntime(o =>
        {
            o.CollectionAge = CollectionAge;
            o.CollectionQuantum = CollectionQuantum;
            options?.Invoke(o);
        });
        services.AddMemoryGrainStorage();
        services.AddMemoryGrainStorage("Other");
        TestGrains.AddAll(services);
        configure?.Invoke(services);

        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        var silo = new TestSilo(provider);
        foreach (var hostedService in silo._hostedServices)
        {
            await hostedService.StartAsync(CancellationToken.None);
        }

        return silo;
    }

    public T Grain<T>(string key)
        where T : IGrainWithStringKey => Grains.GetGrain<T>(key);

    /// <summary>Opens a probe gate that grain code awaits.</summary>
    public void Open(string gate) => Probe.Open(gate);

    /// <summary>Stops the hosted services as a host does, leaving the container alive.</summary>
    public async Task StopAsync()
    {
        foreach (var hostedService in _hostedServices.Reverse())
        {
            await hostedService.StopAsync(CancellationToken.None).Within();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        await _services.DisposeAsync();
    }
}
