namespace Gateway.Persistence.Tests;

/// <summary>The note grain by a Guid key: each kind of key fills other key columns of the store.</summary>
public interface INoteGuidKeyGrain : INote, IGrainWithGuidKey
{
}
