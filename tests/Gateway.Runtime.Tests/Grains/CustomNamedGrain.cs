namespace Gateway.Runtime.Tests.Grains;

[GrainType("custom-name")]
public interface ICustomNamedGrain : IGrainWithStringKey
{
    Task<string> GetKeyAsync();
}

public sealed class CustomNamedGrain : Grain, ICustomNamedGrain
{
    public Task<string> GetKeyAsync() => Task.FromResult(GetPrimaryKeyString());
}
