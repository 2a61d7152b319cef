using Gateway.Runtime.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.Runtime.Tests.Storage;

public sealed class GrainStorageFactoryTests
{
    [Fact]
    public async Task Get_ResolvesProvidersByName_AndNullMeansDefault()
    {
        await using var silo = await TestSilo.StartAsync();
        var factory = silo.Services.GetRequiredService<IGrainStorageFactory>();

        Assert.Same(factory.Get(IGrainStorageFactory.DefaultName), factory.Get(null));
        Assert.NotSame(factory.Get(null), factory.Get("Other"));
        Assert.IsType<MemoryGrainStorage>(factory.Get("Other"));
    }

    [Fact]
    public async Task Get_OfAnUnknownName_ThrowsNamingIt()
    {
        await using var silo = await TestSilo.StartAsync();
        var factory = silo.Services.GetRequiredService<IGrainStorageFactory>();

        var failure = Assert.Throws<InvalidOperationException>(() => factory.Get("Archive"));

        Assert.Contains("'Archive'", failure.Message);
    }
}
