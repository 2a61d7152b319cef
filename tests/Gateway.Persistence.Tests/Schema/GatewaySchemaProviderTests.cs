using System.Text.Json;

namespace Gateway.Persistence.Tests;

/// <summary>How the schema and the storage registration treat provider names and missing settings.</summary>
public sealed class GatewaySchemaProviderTests
{
    [Fact]
    public async Task ApplyAsync_ForMemory_HasNothingToApply()
    {
        Assert.Empty(GatewaySchema.ScriptNames(GatewayStorageProviders.Memory));

        await GatewaySchema.ApplyAsync(GatewayStorageProviders.Memory, connectionString: "");
    }

    [Fact]
    public void ScriptNames_AcceptTheProviderInAnyCase() =>
        Assert.Equal(GatewaySchema.ScriptNames(GatewayStorageProviders.Postgres), GatewaySchema.ScriptNames("PostgreS"));

    [Fact]
    public async Task ApplyAsync_ForAnUnknownProvider_NamesTheKnownOnes()
    {
        var failure = await Assert.ThrowsAsync<ArgumentException>(() => GatewaySchema.ApplyAsync("mysql", "Server=nowhere"));

        Assert.Contains("memory, sqlite or postgres", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddGatewayGrainStorage_ForADatabaseWithoutConnectionString_RefusesToStart()
    {
        var failure = await Assert.ThrowsAsync<ArgumentException>(() => TestSilo.StartAloneAsync(silo =>
            silo.AddGatewayGrainStorage(GatewayStorageProviders.Sqlite, connectionString: " ", applySchema: true, new JsonSerializerOptions())));

        Assert.StartsWith("Gateway:Storage: the sqlite store needs a connection string", failure.Message, StringComparison.Ordinal);
    }
}
