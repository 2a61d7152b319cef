namespace Gateway.Runtime.Storage;

/// <summary>What the activation needs of a persistent state, whatever its state type: loading it before OnActivateAsync.</summary>
internal interface IPersistentStateBinding
{
    Task ReadStateAsync(CancellationToken cancellationToken);
}
