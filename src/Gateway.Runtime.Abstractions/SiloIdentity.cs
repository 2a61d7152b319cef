namespace Gateway.Runtime;

/// <summary>
/// The identity of the local silo: a stable string naming its address and generation, used in
/// stream addresses and (in a cluster) in membership and placement.
/// </summary>
public sealed record SiloIdentity(string Id)
{
    public override string ToString() => Id;
}
