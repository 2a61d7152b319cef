using Gateway.Runtime.Proxies;

namespace Gateway.Runtime;

public static class GrainReferenceExtensions
{
    /// <summary>The id of the grain behind a reference from <see cref="IGrainFactory"/>, or of a grain object itself.</summary>
    public static GrainId GetGrainId(this IGrain grain) => grain switch
    {
        GrainProxy proxy => proxy.GrainId,
        Grain activation => activation.GrainId,
        _ => throw new ArgumentException($"{grain.GetType().Name} is neither a grain reference nor a grain.", nameof(grain)),
    };
}
