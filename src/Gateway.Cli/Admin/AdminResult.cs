namespace Gateway.Cli.Admin;

/// <summary>A parsed admin API response together with its body as received.</summary>
public sealed record AdminResult<T>(T Value, string RawJson);
