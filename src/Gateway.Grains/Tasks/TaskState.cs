namespace Gateway.Tasks;

/// <summary>A task grain's persisted state: its record, or nothing once it expired or was never created.</summary>
[GenerateSerializer, Alias("gw.TaskState")]
public sealed record TaskState
{
    [Id(0)]
    public TaskRecord? Record { get; init; }
}
