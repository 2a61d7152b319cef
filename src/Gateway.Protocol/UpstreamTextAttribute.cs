using Microsoft.Extensions.Compliance.Classification;

namespace Gateway.Protocol;

/// <summary>Marks a log parameter that carries <see cref="GatewayTaxonomy.UpstreamText"/>.</summary>
[AttributeUsage(AttributeTargets.Parameter | AttributeTargets.Property | AttributeTargets.Field)]
public sealed class UpstreamTextAttribute() : DataClassificationAttribute(GatewayTaxonomy.UpstreamText);
