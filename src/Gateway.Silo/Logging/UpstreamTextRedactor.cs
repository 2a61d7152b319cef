using Gateway.Protocol;
using Microsoft.Extensions.Compliance.Redaction;

namespace Gateway.Silo.Logging;

/// <summary>
/// The redactor of <see cref="GatewayTaxonomy.UpstreamText"/>: an upstream's error or stderr line
/// keeps what explains the failure and loses what looks like a credential (<see cref="CredentialText"/>).
/// Such text is logged on failure paths only, so scrubbing twice (length, then value) costs nothing
/// that matters.
/// </summary>
public sealed class UpstreamTextRedactor : Redactor
{
    public override int GetRedactedLength(ReadOnlySpan<char> input) => CredentialText.Scrub(input.ToString()).Length;

    public override int Redact(ReadOnlySpan<char> source, Span<char> destination)
    {
        var scrubbed = CredentialText.Scrub(source.ToString());
        scrubbed.CopyTo(destination);
        return scrubbed.Length;
    }
}
