namespace Gateway.Upstreams;

/// <summary>What an upstream grain keeps across activations: its definition, so that it reconnects by itself wherever it is activated next.</summary>
public sealed class UpstreamGrainState
{
    public UpstreamDefinition? Definition { get; set; }
}
