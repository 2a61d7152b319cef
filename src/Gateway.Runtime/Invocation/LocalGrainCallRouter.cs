namespace Gateway.Runtime.Invocation;

/// <summary>
/// The single-silo router: asks placement where the grain lives and runs the call in the local
/// catalog. A grain placed elsewhere is an error here, since no silo-to-silo transport is registered.
/// </summary>
internal sealed class LocalGrainCallRouter(
    IPlacementDirector placement, SiloIdentity localSilo, IActivationCatalog catalog) : IGrainCallRouter
{
    public Task<object?> InvokeAsync(
        GrainId grainId, GrainMethod method, object?[] arguments, CancellationToken cancellationToken)
    {
        var placed = placement.PlaceAsync(grainId, cancellationToken);
        if (placed.IsCompletedSuccessfully)
        {
            EnsureLocal(grainId, placed.Result);
            return catalog.InvokeAsync(grainId, method, arguments, cancellationToken);
        }

        return InvokeAfterPlacementAsync(placed, grainId, method, arguments, cancellationToken);
    }

    private async Task<object?> InvokeAfterPlacementAsync(
        ValueTask<SiloIdentity> placed, GrainId grainId, GrainMethod method, object?[] arguments,
        CancellationToken cancellationToken)
    {
        EnsureLocal(grainId, await placed.ConfigureAwait(false));
        return await catalog.InvokeAsync(grainId, method, arguments, cancellationToken).ConfigureAwait(false);
    }

    private void EnsureLocal(GrainId grainId, SiloIdentity silo)
    {
        if (silo != localSilo)
        {
            throw new InvalidOperationException(
                $"Grain {grainId} is placed on silo {silo}, but this silo ({localSilo}) has no router to other " +
                "silos. Register a cluster IGrainCallRouter together with a cluster IPlacementDirector.");
        }
    }
}
