namespace Gateway.Upstreams;

/// <summary>How one attempt on an upstream session ended.</summary>
/// <param name="Reply">The answer for the client; null when the upstream had expired the session and a fresh one should be tried.</param>
/// <param name="Broke">The connection is unusable and must be dropped.</param>
public readonly record struct UpstreamAttempt(UpstreamReply? Reply, bool Broke);
