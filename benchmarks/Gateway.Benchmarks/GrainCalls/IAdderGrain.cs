namespace Gateway.Benchmarks.GrainCalls;

/// <summary>A grain whose own work is next to nothing, so a call to it costs what Orleans adds.</summary>
public interface IAdderGrain : IGrainWithStringKey
{
    /// <summary>Adds <paramref name="value"/> to the grain's running total and returns the new total.</summary>
    Task<int> AddAsync(int value);
}
