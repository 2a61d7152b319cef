using System.Reflection;
using Gateway.Runtime.Diagnostics;
using Gateway.Runtime.Invocation;
using Microsoft.Extensions.Logging;

namespace Gateway.Runtime.Proxies;

/// <summary>Makes grain proxies. A proxy is a small object; making one never touches an activation.</summary>
internal sealed class GrainFactory(IGrainCallRouter router, ILogger<GrainFactory> logger) : IGrainFactory
{
    public IGrainCallRouter Router => router;

    public TGrainInterface GetGrain<TGrainInterface>(string key)
        where TGrainInterface : IGrainWithStringKey
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        var grainType = GrainInterfaceInfo.For(typeof(TGrainInterface)).GrainType;
        var proxy = DispatchProxy.Create<TGrainInterface, GrainProxy>();
        ((GrainProxy)(object)proxy!).Initialize(new GrainId(grainType, key), this);
        return proxy;
    }

    /// <summary>Logs the failure of a one-way call, which no caller will ever see.</summary>
    public void ObserveOneWay(Task<object?> call, GrainId grainId, GrainMethod method)
    {
        if (call.IsCompleted)
        {
            LogIfFaulted(call, grainId, method);
            return;
        }

        call.ContinueWith(
            (completed, _) => LogIfFaulted(completed, grainId, method),
            null,
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    private void LogIfFaulted(Task<object?> call, GrainId grainId, GrainMethod method)
    {
        if (call.Exception is { } exception)
        {
            RuntimeLog.OneWayCallFailed(logger, method.ToString(), grainId, exception.InnerExceptions.Count == 1
                ? exception.InnerException!
                : exception);
        }
    }
}
