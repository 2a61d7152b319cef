namespace Gateway.Upstreams;

/// <summary>For hosts without a config file of upstreams (test clusters): every upstream came through the registry.</summary>
public sealed class NoConfiguredUpstreams : IConfiguredUpstreams
{
    public UpstreamDefinition? Find(string name) => null;
}
