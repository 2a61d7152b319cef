namespace Gateway.Runtime;

/// <summary>
/// Base class for grain implementations. Code in a grain runs one turn at a time on its
/// activation's scheduler, so it needs no locks; it must not use ConfigureAwait(false), which
/// would resume outside that scheduler.
/// </summary>
public abstract class Grain : IActivationTarget
{
    private IGrainContext? _context;

    protected IGrainContext Context =>
        _context ?? throw new InvalidOperationException("The grain is not bound to an activation yet.");

    protected IGrainFactory GrainFactory => Context.GrainFactory;

    public GrainId GrainId => Context.GrainId;

    public string GetPrimaryKeyString() => Context.GrainId.Key;

    public virtual Task OnActivateAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public virtual Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) =>
        Task.CompletedTask;

    protected void DeactivateOnIdle() => Context.DeactivateOnIdle();

    protected IGrainTimer RegisterGrainTimer(
        Func<CancellationToken, Task> callback, TimeSpan dueTime, TimeSpan period, bool interleave = false) =>
        Context.RegisterTimer(callback, new GrainTimerOptions(dueTime, period, interleave));

    void IActivationTarget.Bind(IGrainContext context) => _context = context;
}
