namespace Gateway.Runtime.Tests.Grains;

public sealed record CounterState
{
    public int Value { get; set; }

    public List<string> History { get; set; } = [];
}
