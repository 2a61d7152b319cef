using Gateway.Runtime.Tests.Grains;
using Gateway.Runtime.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Gateway.Runtime.Tests.Invocation;

/// <summary>The seam a cluster plugs into: every proxy call goes through the registered router.</summary>
public sealed class GrainCallRouterTests
{
    [Fact]
    public async Task ARegisteredRouter_ReceivesEveryCall_IncludingGrainToGrainCalls()
    {
        await using var silo = await TestSilo.StartAsync(
            services => services.Replace(ServiceDescriptor.Singleton<IGrainCallRouter, RecordingRouter>()));

        Assert.True(await silo.Grain<IRelayGrain>("relay").CallOtherAndCheckSchedulerAsync("target"));

        var router = (RecordingRouter)silo.Services.GetRequiredService<IGrainCallRouter>();
        Assert.Equal(
            ["RelayGrain/relay IRelayGrain.CallOtherAndCheckSchedulerAsync", "ReturnShapesGrain/target IReturnShapesGrain.AddLaterAsync"],
            router.Calls);
    }

    private sealed class RecordingRouter(IActivationCatalog catalog) : IGrainCallRouter
    {
        private readonly System.Collections.Concurrent.ConcurrentQueue<string> _calls = new();

        public IReadOnlyList<string> Calls => [.. _calls];

        public Task<object?> InvokeAsync(GrainId grainId, GrainMethod method, object?[] arguments, CancellationToken cancellationToken)
        {
            _calls.Enqueue($"{grainId} {method}");
            return catalog.InvokeAsync(grainId, method, arguments, cancellationToken);
        }
    }
}
