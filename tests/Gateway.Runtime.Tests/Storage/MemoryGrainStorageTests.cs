namespace Gateway.Runtime.Tests.Storage;

public sealed class MemoryGrainStorageTests : GrainStorageContractTests
{
    protected override IGrainStorage Storage { get; } = new MemoryGrainStorage();
}
