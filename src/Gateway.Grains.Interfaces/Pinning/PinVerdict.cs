namespace Gateway.Pinning;

/// <summary>The answer to a review: the tools of the upstream to leave out of the catalog.</summary>
[GenerateSerializer, Immutable, Alias("gw.PinVerdict")]
public sealed record PinVerdict([property: Id(0)] IReadOnlyList<string> Held);
