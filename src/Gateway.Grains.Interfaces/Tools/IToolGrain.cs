using Gateway.Runtime;

namespace Gateway.Tools;

/// <summary>One tool of the merged catalog, keyed by its qualified name: calls, errors and latency.</summary>
[GrainType("tool")]
public interface IToolGrain : IGrainWithStringKey
{
    [OneWay]
    Task RecordAsync(ToolCallSample sample);

    [AlwaysInterleave]
    Task<ToolStats> GetStatsAsync();
}
