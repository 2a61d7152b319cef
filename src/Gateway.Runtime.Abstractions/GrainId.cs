namespace Gateway.Runtime;

/// <summary>The identity of a grain in the cluster: its type name and its key.</summary>
public readonly record struct GrainId(string Type, string Key)
{
    public override string ToString() => $"{Type}/{Key}";
}
