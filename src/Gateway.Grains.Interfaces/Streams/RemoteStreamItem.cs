namespace Gateway.Streams;

/// <summary>A stream item on its way to the silo that holds the client's stream.</summary>
public sealed record RemoteStreamItem(StreamAddress Target, StreamItem Item);
