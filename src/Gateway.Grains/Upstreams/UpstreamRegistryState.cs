namespace Gateway.Upstreams;

/// <summary>The persisted list of admin-added upstreams.</summary>
[GenerateSerializer, Alias("gw.UpstreamRegistryState")]
public sealed record UpstreamRegistryState
{
    [Id(0)]
    public List<UpstreamDefinition> Upstreams { get; init; } = [];
}
