namespace Gateway.Upstreams;

/// <summary>The persisted list of admin-added upstreams.</summary>
public sealed class UpstreamRegistryState
{
    public List<UpstreamDefinition> Upstreams { get; set; } = [];
}
