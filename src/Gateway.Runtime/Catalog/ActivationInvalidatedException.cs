namespace Gateway.Runtime.Catalog;

/// <summary>
/// Internal signal: the call reached an activation that deactivated before the call got its turn.
/// The catalog retries it on a new activation; it never reaches callers.
/// </summary>
internal sealed class ActivationInvalidatedException(GrainId grainId)
    : Exception($"The activation of grain {grainId} was deactivated before the call ran.");
