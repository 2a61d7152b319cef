using Gateway.Persistence;
using Gateway.Runtime.Membership;
using Gateway.Runtime.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Gateway.Runtime.Tests.Membership;

public sealed class AddMembershipTests
{
    [Fact]
    public async Task AddMembership_RegistersOneAgent_AsHostedServiceAndViewSource_OverTheInMemoryTable()
    {
        await using var services = new ServiceCollection().AddMembership().AddMembership().BuildServiceProvider();

        var agent = services.GetRequiredService<MembershipAgent>();
        Assert.Same(agent, services.GetRequiredService<IMembershipViewSource>());
        Assert.Same(agent, Assert.Single(services.GetServices<IHostedService>()));
        Assert.IsType<InMemoryMembershipTable>(services.GetRequiredService<IMembershipTable>());
    }

    [Fact]
    public async Task AddPostgresMembershipTable_ReplacesTheInMemoryTable_CalledBeforeOrAfter()
    {
        const string connectionString = "Host=127.0.0.1;Port=1";
        await using var after = new ServiceCollection().AddMembership().AddPostgresMembershipTable(connectionString).BuildServiceProvider();
        await using var before = new ServiceCollection().AddPostgresMembershipTable(connectionString).AddMembership().BuildServiceProvider();

        Assert.IsType<PostgresMembershipTable>(after.GetRequiredService<IMembershipTable>());
        Assert.IsType<PostgresMembershipTable>(before.GetRequiredService<IMembershipTable>());
    }

    [Fact]
    public async Task InAHost_TheSiloJoinsOnStart_AndLeavesOnStop()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddMembership(options => options.SiloPort = 12000);
        using var host = builder.Build();
        var table = host.Services.GetRequiredService<IMembershipTable>();

        await host.StartAsync().Within();
        var silo = host.Services.GetRequiredService<MembershipAgent>().LocalSilo!;
        Assert.Equal([silo], host.Services.GetRequiredService<IMembershipViewSource>().CurrentView.ActiveSilos.Select(entry => entry.Silo));
        await host.StopAsync().Within();

        Assert.Equal(SiloStatus.Dead, (await table.ReadAllAsync(CancellationToken.None)).Find(silo)!.Entry.Status);
    }

    [Fact]
    public void Options_HaveProductionDefaults()
    {
        var options = new MembershipOptions();

        Assert.Equal("default", options.ClusterId);
        Assert.Equal(TimeSpan.FromSeconds(5), options.HeartbeatInterval);
        Assert.Equal(TimeSpan.FromSeconds(30), options.FailureTimeout);
        Assert.Equal(TimeSpan.FromSeconds(5), options.TableRefreshInterval);
        Assert.True(new MembershipOptionsValidator().Validate(null, options).Succeeded);
    }

    [Fact]
    public async Task Options_WithBadValues_FailNamingEveryBadSettingAndItsValue()
    {
        await using var services = new ServiceCollection()
            .AddMembership(options =>
            {
                options.ClusterId = " ";
                options.AdvertisedAddress = "my host";
                options.SiloPort = 0;
                options.HttpPort = 70000;
                options.HeartbeatInterval = TimeSpan.FromSeconds(2);
                options.FailureTimeout = TimeSpan.FromSeconds(3);
                options.TableRefreshInterval = TimeSpan.Zero;
                options.DefunctSiloRetention = TimeSpan.FromDays(-1);
            })
            .BuildServiceProvider();

        var failure = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<MembershipOptions>>().Value);

        Assert.Equal(7, failure.Failures.Count());
        Assert.Contains(failure.Failures, f => f.Contains("Membership:ClusterId", StringComparison.Ordinal));
        Assert.Contains(failure.Failures, f => f.Contains("Membership:AdvertisedAddress", StringComparison.Ordinal) && f.Contains("'my host'", StringComparison.Ordinal));
        Assert.Contains(failure.Failures, f => f.Contains("Membership:SiloPort", StringComparison.Ordinal) && f.Contains("it is 0.", StringComparison.Ordinal));
        Assert.Contains(failure.Failures, f => f.Contains("Membership:HttpPort", StringComparison.Ordinal) && f.Contains("70000", StringComparison.Ordinal));
        Assert.Contains(failure.Failures, f => f.Contains("Membership:TableRefreshInterval", StringComparison.Ordinal));
        Assert.Contains(failure.Failures, f => f.Contains("Membership:DefunctSiloRetention", StringComparison.Ordinal));
        Assert.Contains(failure.Failures, f => f.StartsWith("Membership:FailureTimeout must be at least twice", StringComparison.Ordinal)
            && f.Contains("00:00:03", StringComparison.Ordinal));
    }
}
