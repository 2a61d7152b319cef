namespace Gateway.Runtime;

/// <summary>
/// Implemented by <see cref="Grain"/> so that the runtime can bind an activation's context to the
/// grain object after constructing it. Grain code never calls this.
/// </summary>
public interface IActivationTarget
{
    void Bind(IGrainContext context);

    Task OnActivateAsync(CancellationToken cancellationToken);

    Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken);
}
