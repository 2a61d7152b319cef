namespace Gateway.Persistence.Tests;

/// <summary>The test grain's persisted state.</summary>
[GenerateSerializer]
public sealed record Note
{
    [Id(0)]
    public string Text { get; init; } = "";

    [Id(1)]
    public int Revision { get; init; }
}
