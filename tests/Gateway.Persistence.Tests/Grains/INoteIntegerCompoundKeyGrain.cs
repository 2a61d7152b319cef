namespace Gateway.Persistence.Tests;

/// <summary>The note grain by an integer key with a key extension: each kind of key fills other key columns of the store.</summary>
public interface INoteIntegerCompoundKeyGrain : INote, IGrainWithIntegerCompoundKey
{
}
