namespace Gateway.Streams;

/// <summary>
/// Where a client's open response stream lives: the silo that holds the HTTP connection and the
/// stream's id on that silo. Grains send server-to-client messages to an address, never to a
/// connection, so the sender need not be on the same silo as the client.
/// </summary>
public sealed record StreamAddress(string Silo, string StreamId);
