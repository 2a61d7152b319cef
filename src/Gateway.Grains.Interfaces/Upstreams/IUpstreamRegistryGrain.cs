namespace Gateway.Upstreams;

/// <summary>
/// The upstreams added through the admin API, persisted so they survive restarts. Upstreams from
/// the config file are not stored here: the config file is their source of truth.
/// </summary>
[Alias("gw.IUpstreamRegistryGrain")]
public interface IUpstreamRegistryGrain : IGrainWithStringKey
{
    const string ClusterKey = "cluster";

    [AlwaysInterleave, ReadOnly, Alias("List")]
    Task<IReadOnlyList<UpstreamDefinition>> ListAsync();

    /// <summary>Returns false when an upstream of that name is already registered.</summary>
    [Alias("Add")]
    Task<bool> AddAsync(UpstreamDefinition definition);

    /// <summary>Returns false when no upstream of that name is registered.</summary>
    [Alias("Remove")]
    Task<bool> RemoveAsync(string name);
}
