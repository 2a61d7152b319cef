using Microsoft.Extensions.Compliance.Classification;

namespace Gateway.Protocol;

/// <summary>
/// The gateway's data classes, by which the silo's log pipeline redacts a <c>[LoggerMessage]</c>
/// parameter (Microsoft.Extensions.Compliance): the redactor is chosen by the class, not by what
/// the value looks like.
/// </summary>
public static class GatewayTaxonomy
{
    public const string Name = "Gateway";

    /// <summary>
    /// Text an upstream or its process wrote (error messages, stderr lines): the gateway does not
    /// know its shape, and it may carry URLs with credentials, tokens or keys.
    /// </summary>
    public static DataClassification UpstreamText { get; } = new(Name, nameof(UpstreamText));
}
