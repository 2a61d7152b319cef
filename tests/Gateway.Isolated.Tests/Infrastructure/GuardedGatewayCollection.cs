namespace Gateway.Isolated.Tests.Infrastructure;

/// <summary>The tier's test classes share one gateway, and run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class GuardedGatewayCollection : ICollectionFixture<GuardedGatewayFixture>
{
    public const string Name = "guarded gateway";
}
