namespace Gateway.Sessions;

/// <summary>
/// A request an upstream session asked the client (sampling, elicitation, roots) that waits for
/// the client's answer, as the session stores it: the answer may come to another activation than
/// the one that asked, after the silo holding the upstream connection died or stopped.
/// </summary>
/// <param name="Upstream">The upstream whose session asked.</param>
/// <param name="UpstreamRequestId">The upstream's id for the request, as JSON (a string or a number).</param>
/// <param name="Method">What it asked (sampling/createMessage, ...).</param>
/// <param name="AskedAt">When: after the client answer timeout the upstream is told the client did not answer.</param>
[GenerateSerializer, Immutable, Alias("gw.PendingAsk")]
public sealed record PendingAsk(string Upstream, string UpstreamRequestId, string Method, DateTimeOffset AskedAt);
