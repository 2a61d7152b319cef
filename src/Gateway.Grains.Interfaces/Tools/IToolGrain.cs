using Gateway.Runtime;

namespace Gateway.Tools;

/// <summary>One tool of the merged catalog, keyed by its qualified name: calls, errors and latency.</summary>
[GrainType("tool")]
public interface IToolGrain : IGrainWithStringKey
{
    /// <summary>Counts calls made since the last batch; each silo sends one batch per tool every quarter second at most.</summary>
    [OneWay]
    Task RecordAsync(ToolCallSample[] samples);

    [AlwaysInterleave]
    Task<ToolStats> GetStatsAsync();
}
