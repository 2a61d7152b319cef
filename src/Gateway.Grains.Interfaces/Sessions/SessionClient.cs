namespace Gateway.Sessions;

/// <summary>Who the client said it is in its initialize (MCP's clientInfo).</summary>
[GenerateSerializer, Immutable, Alias("gw.SessionClient")]
public sealed record SessionClient(string Name, string Version);
