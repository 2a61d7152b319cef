using ModelContextProtocol.Protocol;

namespace Gateway.Catalog;

/// <summary>Everything one upstream offers, with its own (unqualified) names.</summary>
public sealed record UpstreamCatalog(
    string Upstream,
    IReadOnlyList<Tool> Tools,
    IReadOnlyList<Resource> Resources,
    IReadOnlyList<ResourceTemplate> ResourceTemplates,
    IReadOnlyList<Prompt> Prompts,
    bool SupportsCompletions,
    bool SupportsLogging,
    bool SupportsSubscribe,
    bool Available = true)
{
    public static UpstreamCatalog Empty(string upstream) => new(upstream, [], [], [], [], false, false, false);

    /// <summary>Stands for an upstream that never connected, so its names still route to it and fail there, naming it.</summary>
    public static UpstreamCatalog Unavailable(string upstream) => Empty(upstream) with { Available = false };
}
