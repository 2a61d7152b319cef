namespace Gateway.Cli.Tests.Infrastructure;

/// <summary>One request as the fake gateway received it (<paramref name="RawTarget"/> is the path before unescaping).</summary>
public sealed record RecordedRequest(string Method, string Path, string RawTarget, string? Authorization, string? ContentType, string Body);
