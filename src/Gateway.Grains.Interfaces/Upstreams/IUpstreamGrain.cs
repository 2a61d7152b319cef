namespace Gateway.Upstreams;

/// <summary>
/// One upstream MCP server, keyed by its name: its definition, its status, the shared connection
/// that reads its catalog, and the publication of that catalog. Client sessions' own upstream
/// sessions are not here: they live on their session grain's silo (UpstreamSessionPool), so a
/// call never crosses silos to reach this grain.
/// </summary>
[Alias("gw.IUpstreamGrain")]
public interface IUpstreamGrain : IGrainWithStringKey
{
    /// <summary>Sets or replaces the definition; connects in the background and returns at once.</summary>
    [Alias("Configure")]
    Task ConfigureAsync(UpstreamDefinition definition);

    /// <summary>Disconnects and removes this upstream's entries from the catalog.</summary>
    [Alias("Remove")]
    Task RemoveAsync();

    [AlwaysInterleave, ReadOnly, Alias("GetStatus")]
    Task<UpstreamStatus> GetStatusAsync();

    /// <summary>The definition silos open client sessions' upstream sessions with; null when not configured.</summary>
    [AlwaysInterleave, ReadOnly, Alias("GetDefinition")]
    Task<UpstreamDefinition?> GetDefinitionAsync();

    /// <summary>Passes the last catalog read through the tool pins again and publishes it: after an admin approved one of its tools.</summary>
    [Alias("ReviewPins")]
    Task ReviewPinsAsync();

    /// <summary>Re-reads the upstream's tools, resources, templates and prompts (on its list_changed).</summary>
    [Alias("RefreshCatalog")]
    Task RefreshCatalogAsync();
}
