namespace Gateway.Runtime;

/// <summary>
/// Returns proxies to grains. A proxy is cheap; the activation behind it is created on first call
/// wherever placement puts it, so callers never create or destroy grains.
/// </summary>
public interface IGrainFactory
{
    TGrainInterface GetGrain<TGrainInterface>(string key)
        where TGrainInterface : IGrainWithStringKey;
}
