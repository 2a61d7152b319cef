namespace Gateway.Tools;

/// <summary>One tool of the merged catalog, keyed by its qualified name: calls, errors and latency.</summary>
[Alias("gw.IToolGrain")]
public interface IToolGrain : IGrainWithStringKey
{
    /// <summary>Counts calls made since the last batch; each silo sends one batch per tool every quarter second at most.</summary>
    [OneWay, Alias("Record")]
    Task RecordAsync(ToolCallSample[] samples);

    [AlwaysInterleave, ReadOnly, Alias("GetStats")]
    Task<ToolStats> GetStatsAsync();
}
