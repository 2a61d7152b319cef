using System.Net;
using System.Text.Json;

namespace Gateway.Persistence.Tests;

/// <summary>
/// A silo that applies the schema and cannot reach its store does not start, and says which
/// setting's store it could not reach and why. None of these need a database server.
/// </summary>
public sealed class SchemaOnSiloStartTests
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    [Fact]
    public async Task SiloStart_WhenThePostgresStoreCannotBeReached_FailsNamingTheStoreAndTheReason()
    {
        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => TestSilo.StartAloneAsync(silo =>
            silo.AddGatewayGrainStorage(GatewayStorageProviders.Postgres, UnreachablePostgres(), applySchema: true, Json)));

        AssertNamesTheReason("Gateway:Storage: the postgres store cannot be reached: ", failure);
    }

    [Fact]
    public async Task SiloStart_WhenTheSqliteFileCannotBeCreated_FailsNamingTheStoreAndTheReason()
    {
        // A directory below a character device can never be created.
        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => TestSilo.StartAloneAsync(silo =>
            silo.AddGatewayGrainStorage(GatewayStorageProviders.Sqlite, "Data Source=/dev/null/gateway/gateway.db", applySchema: true, Json)));

        AssertNamesTheReason("Gateway:Storage: the sqlite store cannot be reached: ", failure);
    }

    [Fact]
    public async Task SiloStart_WhenTheMembershipDatabaseCannotBeReached_FailsNamingTheClusterAndTheReason()
    {
        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => TestSilo.StartAsync(silo =>
        {
            silo.ConfigureEndpoints(IPAddress.Loopback, LoopbackPort.Next(), LoopbackPort.Next());
            silo.UseGatewayPostgresClustering(UnreachablePostgres(), applySchema: true);
            silo.AddGatewayGrainStorage(GatewayStorageProviders.Memory, connectionString: null, applySchema: false, Json);
        }));

        AssertNamesTheReason("Gateway:Cluster: the postgres membership table cannot be reached: ", failure);
    }

    // A loopback port that nothing listens on refuses the connection at once.
    private static string UnreachablePostgres() =>
        $"Host=127.0.0.1;Port={LoopbackPort.Next()};Username=gateway;Password=unused;Database=gateway;Timeout=5";

    private static void AssertNamesTheReason(string prefix, InvalidOperationException failure)
    {
        Assert.StartsWith(prefix, failure.Message, StringComparison.Ordinal);
        Assert.True(failure.Message.Length > prefix.Length, $"No reason after the prefix: {failure.Message}");
        Assert.NotNull(failure.InnerException);
    }
}
