using ModelContextProtocol.Protocol;

namespace Gateway.Catalog;

/// <summary>Everything one upstream offers, with its own (unqualified) names, and whether it can be reached.</summary>
/// <param name="Revision">Identifies the upstream's definition: silos drop their connections to it when it changes.</param>
/// <param name="Error">Why it is unavailable, when it is.</param>
/// <param name="Tenant">The upstream's tenant: only that tenant's principals see what it offers.</param>
/// <param name="ToolExecution">
/// Each tool's <c>execution</c> (taskSupport) as the upstream listed it, raw JSON by the tool's own
/// name: the SDK's Tool has no such property. Null or missing: the tool runs only as a plain call.
/// </param>
/// <param name="Tasks">The upstream's tasks capability; null when it declared none.</param>
[GenerateSerializer, Immutable, Alias("gw.UpstreamCatalog")]
public sealed record UpstreamCatalog(
    string Upstream,
    IReadOnlyList<Tool> Tools,
    IReadOnlyList<Resource> Resources,
    IReadOnlyList<ResourceTemplate> ResourceTemplates,
    IReadOnlyList<Prompt> Prompts,
    bool SupportsCompletions,
    bool SupportsLogging,
    bool SupportsSubscribe,
    bool Available = true,
    string Revision = "",
    string? Error = null,
    string? Tenant = null,
    IReadOnlyDictionary<string, string>? ToolExecution = null,
    UpstreamTaskSupport? Tasks = null)
{
    public static UpstreamCatalog Empty(string upstream) => new(upstream, [], [], [], [], false, false, false);

    /// <summary>Stands for an upstream that never connected, so its names still route to it and fail there, naming it.</summary>
    public static UpstreamCatalog Unavailable(string upstream, string revision, string? error) =>
        Empty(upstream) with { Available = false, Revision = revision, Error = error };
}
