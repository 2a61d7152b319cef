using Microsoft.Extensions.DependencyInjection;

namespace Gateway.Runtime.Storage;

/// <summary>Storage providers are keyed <see cref="IGrainStorage"/> services; this looks them up by name.</summary>
internal sealed class GrainStorageFactory(IServiceProvider services) : IGrainStorageFactory
{
    public IGrainStorage Get(string? name)
    {
        name ??= IGrainStorageFactory.DefaultName;
        return services.GetKeyedService<IGrainStorage>(name) ?? throw new InvalidOperationException(
            $"No grain storage provider named '{name}' is registered. Register one with " +
            $"AddMemoryGrainStorage(\"{name}\"), AddSqliteGrainStorage(\"{name}\", ...) or AddPostgresGrainStorage(\"{name}\", ...).");
    }
}
