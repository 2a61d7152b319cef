namespace Gateway.Runtime.Tests.Grains;

/// <summary>A valid grain interface whose class is never registered.</summary>
public interface IUnregisteredGrain : IGrainWithStringKey
{
    Task PingAsync();
}

/// <summary>Not a valid grain interface: grain methods must be asynchronous.</summary>
public interface ISynchronousGrain : IGrainWithStringKey
{
    int GetNumber();
}
