namespace Gateway.Persistence.Tests;

/// <summary>The note grain by a Guid key with a key extension: each kind of key fills other key columns of the store.</summary>
public interface INoteGuidCompoundKeyGrain : INote, IGrainWithGuidCompoundKey
{
}
