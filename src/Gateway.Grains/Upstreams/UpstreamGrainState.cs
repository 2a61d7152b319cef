namespace Gateway.Upstreams;

/// <summary>What an upstream grain keeps across activations: its definition, so that it reconnects by itself wherever it is activated next.</summary>
[GenerateSerializer, Alias("gw.UpstreamGrainState")]
public sealed record UpstreamGrainState
{
    [Id(0)]
    public UpstreamDefinition? Definition { get; init; }
}
