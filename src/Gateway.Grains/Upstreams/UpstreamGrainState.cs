using Gateway.Configuration;

namespace Gateway.Upstreams;

/// <summary>
/// What an upstream grain keeps across activations: its definition, so that it reconnects by
/// itself wherever it is activated next, and that definition's revision. A config-file upstream's
/// definition is kept without its secret values (references stay): the config file holds them,
/// and the grain reads them from there (<see cref="IConfiguredUpstreams"/>).
/// </summary>
[GenerateSerializer, Alias("gw.UpstreamGrainState")]
public sealed record UpstreamGrainState
{
    [Id(0)]
    public UpstreamDefinition? Definition { get; init; }

    /// <summary>The revision of the definition as configured (secrets included), which the stored copy may no longer show.</summary>
    [Id(1)]
    public string? Revision { get; init; }

    public static UpstreamGrainState Of(UpstreamDefinition definition, string revision) => new()
    {
        Definition = definition.FromConfig ? definition.MapSecrets(v => SecretReference.IsReference(v) ? v : "") : definition,
        Revision = revision,
    };
}
