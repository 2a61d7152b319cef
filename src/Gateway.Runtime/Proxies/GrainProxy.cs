using System.Reflection;

namespace Gateway.Runtime.Proxies;

/// <summary>
/// The object behind every grain reference: packs each interface call into a
/// <see cref="GrainMethod"/> plus arguments and hands it to the <see cref="IGrainCallRouter"/>.
/// It holds no activation, so it works the same wherever the grain lives.
/// </summary>
// DispatchProxy derives its proxy type from this class at run time: it must stay unsealed, with a parameterless constructor.
internal class GrainProxy : DispatchProxy
{
    private GrainFactory? _factory;

    /// <summary>The grain this proxy calls.</summary>
    public GrainId GrainId { get; private set; }

    public override bool Equals(object? obj) => obj is GrainProxy other && other.GrainId == GrainId;

    public override int GetHashCode() => GrainId.GetHashCode();

    public override string ToString() => GrainId.ToString();

    internal void Initialize(GrainId grainId, GrainFactory factory)
    {
        GrainId = grainId;
        _factory = factory;
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        var factory = _factory ?? throw new InvalidOperationException("The grain proxy was not created by a grain factory.");
        var proxyMethod = ProxyMethod.For(targetMethod);
        var method = proxyMethod.GrainMethod;
        args ??= [];
        var cancellationToken = method.CancellationTokenIndex >= 0
            ? (CancellationToken)args[method.CancellationTokenIndex]!
            : CancellationToken.None;

        Task<object?> call;
        try
        {
            call = factory.Router.InvokeAsync(GrainId, method, args, cancellationToken);
        }
        catch (Exception exception)
        {
            // An async method reports failures through its task, never by throwing to the caller.
            call = Task.FromException<object?>(exception);
        }

        if (method.OneWay)
        {
            factory.ObserveOneWay(call, GrainId, method);
            return proxyMethod.CompletedReturnValue;
        }

        return proxyMethod.ToReturnValue(call);
    }
}
