namespace Gateway.Tools;

/// <param name="Milliseconds">Wall time of the call as the gateway saw it.</param>
/// <param name="Outcome">How it ended.</param>
[GenerateSerializer, Immutable, Alias("gw.ToolCallSample")]
public sealed record ToolCallSample(double Milliseconds, ToolCallOutcome Outcome);

[GenerateSerializer, Alias("gw.ToolCallOutcome")]
public enum ToolCallOutcome
{
    Success,

    /// <summary>The tool answered with isError: true.</summary>
    ToolError,

    /// <summary>A JSON-RPC error, a timeout or an upstream failure.</summary>
    Failure,
}
