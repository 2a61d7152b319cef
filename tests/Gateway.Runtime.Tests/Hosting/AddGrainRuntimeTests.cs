using Gateway.Runtime.Tests.Grains;
using Gateway.Runtime.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Gateway.Runtime.Tests.Hosting;

public sealed class AddGrainRuntimeTests
{
    [Fact]
    public async Task AddGrainRuntime_RegistersTheRuntimeWithSystemClockAndAGeneratedSiloIdentity()
    {
        await using var services = new ServiceCollection().AddGrainRuntime().BuildServiceProvider();

        Assert.NotNull(services.GetRequiredService<IGrainFactory>());
        Assert.NotNull(services.GetRequiredService<IActivationCatalog>());
        Assert.NotNull(services.GetRequiredService<IGrainStorageFactory>());
        Assert.Same(TimeProvider.System, services.GetRequiredService<TimeProvider>());
        Assert.Contains($":{Environment.ProcessId}:", services.GetRequiredService<SiloIdentity>().Id);
        Assert.Single(services.GetServices<IHostedService>());
    }

    [Fact]
    public async Task AddGrainRuntime_KeepsAClockAndIdentityRegisteredBeforeIt_AndAddsItselfOnce()
    {
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider();
        await using var services = new ServiceCollection()
            .AddSingleton<TimeProvider>(clock)
            .AddSingleton(new SiloIdentity("silo-a"))
            .AddGrainRuntime()
            .AddGrainRuntime()
            .BuildServiceProvider();

        Assert.Same(clock, services.GetRequiredService<TimeProvider>());
        Assert.Equal("silo-a", services.GetRequiredService<SiloIdentity>().Id);
        Assert.Single(services.GetServices<IHostedService>());
    }

    [Fact]
    public void Options_HaveOrleansLikeDefaults()
    {
        var options = new GrainRuntimeOptions();

        Assert.Equal(TimeSpan.FromMinutes(15), options.CollectionAge);
        Assert.Equal(TimeSpan.FromMinutes(1), options.CollectionQuantum);
        Assert.Equal(TimeSpan.FromSeconds(30), options.DeactivationTimeout);
    }

    [Fact]
    public async Task Options_WithBadValues_FailNamingEveryBadSetting()
    {
        await using var services = new ServiceCollection()
            .AddGrainRuntime(o =>
            {
                o.CollectionAge = TimeSpan.Zero;
                o.DeactivationTimeout = TimeSpan.FromSeconds(-1);
            })
            .BuildServiceProvider();

        var failure = Assert.Throws<OptionsValidationException>(
            () => services.GetRequiredService<IOptions<GrainRuntimeOptions>>().Value);

        Assert.Equal(2, failure.Failures.Count());
        Assert.Contains(failure.Failures, f => f.Contains("CollectionAge") && f.Contains("00:00:00"));
        Assert.Contains(failure.Failures, f => f.Contains("DeactivationTimeout") && f.Contains("-00:00:01"));
    }

    [Fact]
    public async Task GrainTypes_RegisteredTwiceUnderOneName_FailAtStartNamingTheType()
    {
        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => TestSilo.StartAsync(
            services => services.AddGrain<IDuplicateA, DuplicateA>().AddGrain<IDuplicateB, DuplicateB>()));

        Assert.Contains("'duplicate'", failure.Message);
    }

    [Fact]
    public async Task GrainClass_WithTwoPublicConstructors_FailsAtStart()
    {
        var failure = await Assert.ThrowsAsync<InvalidOperationException>(
            () => TestSilo.StartAsync(services => services.AddGrain<IAmbiguousGrain, AmbiguousGrain>()));

        Assert.Contains("AmbiguousGrain", failure.Message);
        Assert.Contains("one public constructor", failure.Message);
    }

    [Fact]
    public async Task Stopping_DeactivatesEveryActivationForShutdown_AndRefusesNewActivations()
    {
        await using var silo = await TestSilo.StartAsync();
        string[] keys = ["a", "b", "c"];
        foreach (var key in keys)
        {
            await silo.Grain<IIdentityGrain>(key).GetInstanceIdAsync();
        }

        await silo.StopAsync();

        Assert.All(keys, key => Assert.Contains($"deactivated:{key}:Shutdown", silo.Probe.Events));
        Assert.Equal(0, silo.Catalog.ActivationCount);
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(silo.Grain<IIdentityGrain>("late").GetInstanceIdAsync);
        Assert.Contains("stopping", refused.Message);
    }

    [Fact]
    public async Task GenericHost_RunsGrainsAndDeactivatesThemWhenItStops()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddSingleton<GrainProbe>();
        builder.Services.AddGrainRuntime().AddMemoryGrainStorage().AddGrain<ICounterGrain, CounterGrain>();
        using var host = builder.Build();
        await host.StartAsync();
        var probe = host.Services.GetRequiredService<GrainProbe>();

        Assert.Equal(1, await host.Services.GetRequiredService<IGrainFactory>().GetGrain<ICounterGrain>("hosted").IncrementAsync());
        await host.StopAsync();

        Assert.Contains("deactivated:hosted:Shutdown", probe.Events);
    }

    [GrainType("duplicate")]
    public interface IDuplicateA : IGrainWithStringKey;

    [GrainType("duplicate")]
    public interface IDuplicateB : IGrainWithStringKey;

    public interface IAmbiguousGrain : IGrainWithStringKey;

    public sealed class DuplicateA : Grain, IDuplicateA;

    public sealed class DuplicateB : Grain, IDuplicateB;

    public sealed class AmbiguousGrain : Grain, IAmbiguousGrain
    {
        public AmbiguousGrain()
        {
        }

        public AmbiguousGrain(GrainProbe probe) => ArgumentNullException.ThrowIfNull(probe);
    }
}
