namespace Gateway.Silo.Hosting;

/// <summary>Flips once the silo serves MCP: the runtime is up and every known upstream has been handed to its grain.</summary>
public sealed class ReadinessGate
{
    private volatile bool _ready;

    public bool IsReady => _ready;

    public void MarkReady() => _ready = true;
}
