using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Providers;
using Orleans.Storage;

namespace Gateway.Persistence.Tests;

public sealed class MemoryGrainStorageTests : GrainStorageContractTests
{
    protected override string Provider => GatewayStorageProviders.Memory;

    protected override string? ConnectionString => null;

    protected override bool KeepsStateAcrossRestarts => false;

    private protected override async Task<string?> ReadStoredPayloadAsync(TestSilo silo, INoteGrain grain)
    {
        // Orleans' memory storage keeps each state as the serializer's bytes in one of its storage
        // grains, under "{state name}/{grain id}"; asking each of them finds it.
        var key = $"{NoteGrain.StateName}/{grain.GetGrainId()}";
        var options = silo.Services.GetRequiredService<IOptionsMonitor<MemoryGrainStorageOptions>>()
            .Get(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME);
        for (var index = 0; index < options.NumStorageGrains; index++)
        {
            var stored = await silo.Grains.GetGrain<IMemoryStorageGrain>(index).ReadStateAsync<ReadOnlyMemory<byte>>(key);
            if (stored is not null)
            {
                return Encoding.UTF8.GetString(stored.State.Span);
            }
        }

        return null;
    }
}
