namespace Gateway.Sessions;

/// <summary>
/// What a subscriptions/listen stream asked for (2026-07-28): which list changes, and the
/// resources whose updates it wants.
/// </summary>
[GenerateSerializer, Immutable, Alias("gw.ListenFilter")]
public sealed record ListenFilter(bool Tools, bool Prompts, bool Resources, string[] ResourceUris);

/// <summary>The session's answer to a listen: refused (<see cref="Status"/>), or the filter it honours.</summary>
[GenerateSerializer, Immutable, Alias("gw.ListenReply")]
public sealed record ListenReply(SessionStatus Status, ListenFilter? Honoured = null, string? Detail = null);
