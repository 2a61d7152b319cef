namespace Gateway.Streams;

/// <summary>
/// Where a client's open response stream lives: the per-silo sink (a grain observer of the silo
/// that holds the HTTP connection) and the stream's id there. Grains send server-to-client
/// messages to an address, never to a connection, so the sender need not share the client's silo.
/// </summary>
[GenerateSerializer, Immutable, Alias("gw.StreamAddress")]
public sealed record StreamAddress(IClientStreamSink Sink, string StreamId);
