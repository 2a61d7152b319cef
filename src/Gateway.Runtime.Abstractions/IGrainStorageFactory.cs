namespace Gateway.Runtime;

/// <summary>Looks storage providers up by name; the default provider has the name "Default".</summary>
public interface IGrainStorageFactory
{
    const string DefaultName = "Default";

    IGrainStorage Get(string? name);
}
