namespace Gateway.Audit;

/// <summary>A line of a silo's audit file as written, with its time, so that lines from several silos can be merged in order.</summary>
[GenerateSerializer, Immutable, Alias("gw.AuditLine")]
public sealed record AuditLine(DateTimeOffset Time, string Json);
