namespace Gateway.Upstreams;

/// <summary>
/// The upstreams of this silo's config file. A config-file upstream's grain does not store its
/// secrets (the config file is where the operator keeps them), so when it re-activates it takes
/// its definition from here.
/// </summary>
public interface IConfiguredUpstreams
{
    /// <summary>The config file's definition of the upstream, or null when this silo's config file has none.</summary>
    UpstreamDefinition? Find(string name);
}
