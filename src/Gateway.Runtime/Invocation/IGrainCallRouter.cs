namespace Gateway.Runtime;

/// <summary>
/// Where every grain call goes after the proxy has packed it. This is the seam for the cluster:
/// the default router sends every call to the local activation catalog (after asking the
/// <see cref="IPlacementDirector"/>, which says "here" in a single silo). A cluster registers its own
/// router that sends calls placed on another silo over silo-to-silo messaging and hands local ones
/// to <see cref="IActivationCatalog.InvokeAsync"/>; proxies and grain code stay untouched.
/// </summary>
public interface IGrainCallRouter
{
    /// <summary>
    /// Runs <paramref name="method"/> on the grain's single activation and returns its result
    /// (null for Task and ValueTask), or fails with the grain's exception.
    /// </summary>
    Task<object?> InvokeAsync(
        GrainId grainId, GrainMethod method, object?[] arguments, CancellationToken cancellationToken);
}
