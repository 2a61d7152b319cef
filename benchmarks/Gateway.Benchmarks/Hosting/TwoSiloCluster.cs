namespace Gateway.Benchmarks.Hosting;

/// <summary>
/// Two silos of one cluster in the benchmark process, talking over loopback TCP as two gateway
/// processes on one machine would. Benchmarks call from <see cref="Near"/>; a grain they want
/// remote is placed on <see cref="Far"/>.
/// </summary>
public sealed class TwoSiloCluster : IAsyncDisposable
{
    private TwoSiloCluster(BenchmarkSilo near, BenchmarkSilo far)
    {
        Near = near;
        Far = far;
    }

    /// <summary>The cluster's first silo (its primary), where the benchmarks' calls start.</summary>
    public BenchmarkSilo Near { get; }

    public BenchmarkSilo Far { get; }

    public static async Task<TwoSiloCluster> StartAsync(CancellationToken cancellationToken)
    {
        // A cluster id of its own: BenchmarkDotNet runs each benchmark in a process of its own.
        var clusterId = "bench-" + Guid.NewGuid().ToString("N")[..12];
        var near = await BenchmarkSilo.StartAsync(clusterId, primary: null, cancellationToken);
        BenchmarkSilo? far = null;
        try
        {
            far = await BenchmarkSilo.StartAsync(clusterId, near.Endpoint, cancellationToken);
            await near.WaitForActiveSilosAsync(2, cancellationToken);
            await far.WaitForActiveSilosAsync(2, cancellationToken);
            return new TwoSiloCluster(near, far);
        }
        catch
        {
            if (far is not null)
            {
                await far.DisposeAsync();
            }

            await near.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// The near silo's reference to a grain active on the far silo. The grain class must prefer
    /// local placement: <paramref name="activate"/> calls it through the far silo's own factory,
    /// which places it there; the management grain then confirms where the cluster sees it.
    /// </summary>
    public async Task<TGrain> PlaceOnFarSiloAsync<TGrain>(string key, Func<TGrain, Task> activate)
        where TGrain : IGrainWithStringKey
    {
        await activate(Far.Grains.GetGrain<TGrain>(key));
        var grain = Near.Grains.GetGrain<TGrain>(key);
        var location = await Near.Grains.GetGrain<IManagementGrain>(0).GetActivationAddress(grain);
        if (!Far.Address.Equals(location))
        {
            throw new InvalidOperationException(
                $"{typeof(TGrain).Name} '{key}' is active on {location?.ToString() ?? "no silo"}, not on the far silo {Far.Address}");
        }

        // The near silo's first call looks the grain up in the directory; the benchmark measures the calls after it.
        await activate(grain);
        return grain;
    }

    public async ValueTask DisposeAsync()
    {
        // The far silo leaves first: the near one is the primary, holding the development membership table.
        try
        {
            await Far.DisposeAsync();
        }
        finally
        {
            await Near.DisposeAsync();
        }
    }
}
