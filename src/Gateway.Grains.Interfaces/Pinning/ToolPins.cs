namespace Gateway.Pinning;

/// <summary>Every pin and every held definition of the cluster, as the admin API shows them.</summary>
[GenerateSerializer, Immutable, Alias("gw.ToolPins")]
public sealed record ToolPins([property: Id(0)] IReadOnlyList<ToolPin> Pins, [property: Id(1)] IReadOnlyList<HeldTool> Held);
