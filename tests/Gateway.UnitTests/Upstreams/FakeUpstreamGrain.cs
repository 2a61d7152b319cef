using Gateway.Upstreams;

namespace Gateway.UnitTests.Upstreams;

/// <summary>An upstream's grain as the pool uses it: the source of its definition, nothing more.</summary>
public sealed class FakeUpstreamGrain(UpstreamDefinition definition) : IUpstreamGrain
{
    public Task<UpstreamDefinition?> GetDefinitionAsync() => Task.FromResult<UpstreamDefinition?>(definition);

    public Task ConfigureAsync(UpstreamDefinition definition) => throw new NotSupportedException();

    public Task RemoveAsync() => throw new NotSupportedException();

    public Task<UpstreamStatus> GetStatusAsync() => throw new NotSupportedException();

    public Task RefreshCatalogAsync() => throw new NotSupportedException();

    public Task ReviewPinsAsync() => throw new NotSupportedException();
}
